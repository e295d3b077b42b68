/** Starts the Deno cloud (`deno serve edge/deno.ts`, the deno binary from npm) as a child process. */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { ROOT } from "./cloud.ts";

const DENO = join(ROOT, "node_modules", ".bin", "deno");

export interface DenoCloudProcess {
  url: string;
  /** Everything the process printed, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Resolves once the server listens (migrations are applied before that); rejects with its output if it exits. */
export function startDenoCloudProcess(opts: {
  dataDir: string;
  vars?: Record<string, string>;
  timeoutMs?: number;
  /** The `deno serve` entry, repository-relative (default `edge/deno.ts`). */
  entry?: string;
}): Promise<DenoCloudProcess> {
  const child: ChildProcess = spawn(
    DENO,
    [
      "serve",
      "-A",
      "--no-prompt",
      "--host",
      "127.0.0.1",
      "--port",
      "0",
      join(ROOT, opts.entry ?? "edge/deno.ts"),
    ],
    {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1", OUTPOST_DATA_DIR: opts.dataDir, ...opts.vars },
    },
  );
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`deno serve did not start:\n${output}`));
    }, opts.timeoutMs ?? 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk;
      const match = /Listening on (http:\/\/[^\s/]+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      resolve({
        url: match[1]!,
        output: () => output,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`deno serve exited with ${code}:\n${output}`));
    });
  });
}
