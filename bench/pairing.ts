/**
 * Pairing at scale: devices paired over the hub's HTTP API (`POST /api/devices`) into a running hub
 * in its own process, at ~20 and at ~2,000 paired devices, with `/healthz` timed alongside.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDb } from "../hub/db/index.ts";
import { pairDevice } from "../hub/devices/index.ts";
import { systemClock } from "../shared/clock/index.ts";
import { type Broker, startHub } from "./processes.ts";

export interface PairingBenchResult {
  /** Pairing latency (request → 201) with about 20 devices paired, and with about 2,000. */
  smallMs: number[];
  largeMs: number[];
  smallDevices: number;
  largeDevices: number;
  /** `/healthz` latency at ~2,000 devices, with nothing else going on and while pairing. */
  healthIdleMs: number[];
  healthPairingMs: number[];
  /** `/healthz` latency while pairing at ~20 devices: what one pairing's commit costs the loop at any size. */
  healthPairingSmallMs: number[];
}

const SMALL = 20;
const LARGE = 2000;
/** Pairings measured at each size (after a few unmeasured ones warm the hub up). */
const MEASURED = 20;
const WARMUP = 5;

async function timed(run: () => Promise<Response>): Promise<number> {
  const t0 = performance.now();
  const res = await run();
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  await res.arrayBuffer();
  return performance.now() - t0;
}

function pairOverHttp(hub: Broker, n: number): () => Promise<Response> {
  return () =>
    fetch(`${hub.httpUrl}/api/devices`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${hub.adminToken}` },
      body: JSON.stringify({ kind: "FRIDGE", name: `Bench fridge ${n}` }),
    });
}

const healthz = (hub: Broker) => () => fetch(`${hub.httpUrl}/healthz`);

/** Pairs `count` fridges straight into the data folder's file (as the CLI does), no hub running. */
async function prefill(dataDir: string, from: number, count: number): Promise<void> {
  const storage = await openDb(join(dataDir, "hub.db"), { synchronous: "NORMAL" });
  for (let i = 0; i < count; i++)
    await pairDevice({ db: storage.db, clock: systemClock }, { kind: "FRIDGE", name: `Fridge ${from + i}` });
  storage.close();
}

/** Pairs MEASURED devices over HTTP one after another; `/healthz` is asked in a loop meanwhile. */
async function measure(hub: Broker, first: number) {
  for (let i = 0; i < WARMUP; i++) await timed(pairOverHttp(hub, first + i));
  const pairing: number[] = [];
  const health: number[] = [];
  let done = false;
  const poll = (async () => {
    while (!done) health.push(await timed(healthz(hub)));
  })();
  for (let i = 0; i < MEASURED; i++) pairing.push(await timed(pairOverHttp(hub, first + WARMUP + i)));
  done = true;
  await poll;
  return { pairing, health };
}

async function idleHealth(hub: Broker): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < 200; i++) out.push(await timed(healthz(hub)));
  return out;
}

/**
 * Fills the folder to just under `around` devices, starts a hub on it, and measures: `/healthz` idle
 * (which also warms the HTTP path up), then pairings whose measured ones straddle `around`.
 */
async function phase(dataDir: string, paired: number, around: number) {
  const start = around - MEASURED / 2 - WARMUP;
  await prefill(dataDir, paired, start - paired);
  const hub = await startHub(dataDir);
  try {
    const idle = await idleHealth(hub);
    return { idle, ...(await measure(hub, start)), paired: start + WARMUP + MEASURED };
  } finally {
    await hub.stop();
  }
}

export async function runPairingBench(): Promise<PairingBenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), "outpost-bench-pairing-"));
  try {
    const small = await phase(dataDir, 0, SMALL);
    const large = await phase(dataDir, small.paired, LARGE);
    return {
      smallMs: small.pairing,
      largeMs: large.pairing,
      smallDevices: SMALL,
      largeDevices: LARGE,
      healthIdleMs: large.idle,
      healthPairingMs: large.health,
      healthPairingSmallMs: small.health,
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
