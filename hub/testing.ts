/** Test helpers: a real hub on free ports in a temporary folder, and device factories. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectDevice, type DeviceClient } from "../devices/sdk/index.ts";
import type { Clock } from "../shared/clock/index.ts";
import type { PairDeviceInput, PairedDevice } from "./devices/index.ts";
import { createHub, type Hub, type HubConfig } from "./hub.ts";

export interface TestHub extends Hub {
  dataDir: string;
  pair(input: PairDeviceInput): Promise<PairedDevice>;
  restart(): Promise<TestHub>;
  /** Closes the hub and deletes its folder. */
  destroy(): Promise<void>;
}

export function tempDir(prefix = "outpost-hub-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startTestHub(opts: Partial<HubConfig> & { clock?: Clock } = {}): Promise<TestHub> {
  const dataDir = opts.dataDir ?? tempDir();
  const hub = await createHub({ host: "127.0.0.1", mqttPort: 0, httpPort: 0, ...opts, dataDir });
  const test: TestHub = Object.assign(hub, {
    dataDir,
    async pair(input: PairDeviceInput) {
      const res = await fetch(`${hub.httpUrl}/api/devices`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(input),
      });
      if (res.status !== 201) throw new Error(`pairing failed: ${res.status} ${await res.text()}`);
      return (await res.json()) as PairedDevice;
    },
    async restart() {
      await hub.close();
      return startTestHub({ ...opts, dataDir });
    },
    async destroy() {
      await hub.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
  return test;
}

let n = 0;
/** A unique fridge name per call, so tests never share data by accident. */
export function fridgeInput(over: Partial<PairDeviceInput> = {}): PairDeviceInput {
  n++;
  return { kind: "FRIDGE", name: `Test fridge ${n}`, ...over };
}

export function connectFridge(hub: Hub, paired: PairedDevice, opts: { encoding?: "cbor" | "json" } = {}) {
  return connectDevice({
    url: hub.mqttUrl,
    deviceId: paired.id,
    secret: paired.secret,
    birth: { kind: "FRIDGE", model: "SIM-F1", firmware: "1.0.0", capabilities: ["temperature", "door"] },
    reconnectPeriod: 0,
    ...opts,
  });
}

export async function getJson<T = Record<string, unknown>>(
  url: string,
): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

/** Polls `check` until it returns a truthy value or the time runs out. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

export type { DeviceClient };
