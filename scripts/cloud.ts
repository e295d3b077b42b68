/** Runs the cloud Worker locally: applies each module's D1 migrations, then starts it in workerd via wrangler. */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Unstable_DevWorker, unstable_dev } from "wrangler";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
// Run wrangler on this process's Node (22), not whatever `node` is first on PATH.
const WRANGLER = join(ROOT, "node_modules", "wrangler", "bin", "wrangler.js");
const CONFIG = join(ROOT, "wrangler.toml");

/** The D1 database names declared in wrangler.toml, one per cloud module. */
export function d1DatabaseNames(): string[] {
  const toml = readFileSync(CONFIG, "utf8");
  return [...toml.matchAll(/^database_name\s*=\s*"([^"]+)"/gm)].map((m) => m[1]!);
}

/** Applies the checked-in migrations of every module to the local D1 state under `persistDir`. */
export async function applyLocalMigrations(persistDir: string): Promise<void> {
  for (const name of d1DatabaseNames()) {
    await run(process.execPath, [
      WRANGLER,
      "d1",
      "migrations",
      "apply",
      name,
      "--local",
      "--persist-to",
      persistDir,
      "-c",
      CONFIG,
    ]);
  }
}

export interface LocalCloud {
  url: string;
  port: number;
  stop(): Promise<void>;
}

// This machine has no route to Cloudflare: skip the `Request.cf` download and usage metrics.
const OFFLINE_ENV = { CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" };

/** Starts the Worker in local workerd with D1, queues and Durable Objects persisted under `persistDir`. */
export async function startLocalCloud(opts: {
  persistDir: string;
  port?: number;
  vars?: Record<string, string>;
}) {
  Object.assign(process.env, OFFLINE_ENV);
  const worker: Unstable_DevWorker = await unstable_dev(join(ROOT, "edge", "index.ts"), {
    config: CONFIG,
    persistTo: opts.persistDir,
    port: opts.port ?? 0,
    ip: "127.0.0.1",
    local: true,
    logLevel: "warn",
    vars: opts.vars,
    experimental: { disableExperimentalWarning: true },
  });
  const cloud: LocalCloud = {
    url: `http://127.0.0.1:${worker.port}`,
    port: worker.port,
    stop: () => worker.stop(),
  };
  return cloud;
}

function run(cmd: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...OFFLINE_ENV, CI: "true" },
    });
    let output = "";
    child.stdout.on("data", (d) => {
      output += d;
    });
    child.stderr.on("data", (d) => {
      output += d;
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} failed (${code}):\n${output}`)),
    );
  });
}
