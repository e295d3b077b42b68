/** Child processes for the bench: each broker under test and the publisher get a process of their own. */
import { type ChildProcess, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { PublisherJob, PublisherResult } from "./publisher.ts";

const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));

export interface Broker {
  /** The broker's process id (for reading its memory from /proc while it is under attack). */
  pid: number;
  mqttUrl: string;
  httpUrl?: string;
  /** A hub's 15-minute admin token, for the bench's API calls. */
  adminToken?: string;
  /** Resident set size of the broker process, after a GC when it can. */
  rss(): Promise<number>;
  /** The same, with the JavaScript heap in use and V8's external memory (hub only). */
  memory(): Promise<{ rss: number; heapUsed?: number; external?: number }>;
  stop(): Promise<void>;
}

function once<T>(proc: ChildProcess, pick: (m: unknown) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: unknown) => {
      const v = pick(m);
      if (v === undefined) return;
      proc.off("message", onMessage);
      resolve(v);
    };
    proc.on("message", onMessage);
    proc.once("exit", (code) => reject(new Error(`child exited (${code})`)));
  });
}

async function startBroker(script: string, args: string[], execArgv: string[] = []): Promise<Broker> {
  const proc = fork(here(script), args, {
    execArgv: ["--expose-gc", ...execArgv],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ready = await once(proc, (m) =>
    (m as { ready?: boolean }).ready
      ? (m as { mqttUrl: string; httpUrl?: string; adminToken?: string })
      : undefined,
  );
  const memory = () => {
    const reply = once(proc, (m) =>
      (m as { rss?: number }).rss === undefined
        ? undefined
        : (m as { rss: number; heapUsed?: number; external?: number }),
    );
    proc.send({ cmd: "rss" });
    return reply;
  };
  return {
    pid: proc.pid!,
    mqttUrl: ready.mqttUrl,
    httpUrl: ready.httpUrl,
    adminToken: ready.adminToken,
    memory,
    async rss() {
      return (await memory()).rss;
    },
    async stop() {
      const exited = new Promise((r) => proc.once("exit", r));
      proc.send({ cmd: "stop" });
      setTimeout(() => proc.kill("SIGKILL"), 5000).unref();
      await exited;
    },
  };
}

/** Raw aedes: no authentication, no decoding, no storage. */
export function startRawAedes(): Promise<Broker> {
  return startBroker("./raw-broker.ts", []).then((b) => ({
    ...b,
    // The raw broker has nothing to close cleanly.
    stop: async () => void (await b.stop().catch(() => {})),
  }));
}

/** The Node flags `npm run hub` gives the hub, so the bench measures the hub as it runs. */
export function hubFlags(): string[] {
  const pkg = JSON.parse(readFileSync(here("../package.json"), "utf8")) as { scripts: { hub: string } };
  return pkg.scripts.hub.split(/\s+/).filter((t) => t.startsWith("--"));
}

/** How a hub under test differs from the one `npm run hub` runs (to measure what a setting buys). */
export interface HubVariant {
  checkpointThread?: boolean;
  /** Another build's bench-hub.js (an older commit's `npm run build:hub`), to compare against in one run. */
  script?: string;
  /** Node flags replacing the `hub` script's own. */
  flags?: string[];
}

export function startHub(
  dataDir: string,
  limits?: Record<string, number>,
  synchronous?: "FULL" | "NORMAL",
  variant: HubVariant = {},
): Promise<Broker> {
  // The built hub (`npm run build:hub`, run by `npm run bench`), as `npm run hub` runs it.
  return startBroker(
    variant.script ?? process.env.BENCH_HUB ?? "../hub/dist/bench-hub.js",
    [JSON.stringify({ dataDir, limits, synchronous, checkpointThread: variant.checkpointThread })],
    variant.flags ?? hubFlags(),
  );
}

export interface Publisher {
  result: Promise<PublisherResult>;
  stop(): void;
}

/** Runs one publisher job in a child process. */
export function publish(job: PublisherJob): Publisher {
  const proc = fork(here("./publisher.ts"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const result = once(proc, (m) => m as PublisherResult);
  proc.send(job);
  return { result, stop: () => proc.kill("SIGKILL") };
}
