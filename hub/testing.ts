/** Test helpers: a real hub on free ports in a temporary folder, and device factories. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";
import { connectDevice, type DeviceClient, type DeviceOptions } from "../devices/sdk/index.ts";
import type { Clock } from "../shared/clock/index.ts";
import type { DeviceKind } from "../shared/protocol/index.ts";
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
  // Tests notice registry changes and sweep commands quickly; each test can still override.
  const hub = await createHub({
    host: "127.0.0.1",
    mqttPort: 0,
    httpPort: 0,
    registryPollMs: 100,
    ...opts,
    commands: { sweepMs: 100, redeliverMs: 1000, ...opts.commands },
    dataDir,
  });
  const test: TestHub = Object.assign(hub, {
    dataDir,
    async pair(input: PairDeviceInput) {
      const res = await fetch(`${hub.httpUrl}/api/devices`, {
        method: "POST",
        headers: { "content-type": "application/json", ...(await authHeaders(hub)) },
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

/** A device of any kind with a unique name. */
export function deviceInput(kind: DeviceKind, over: Partial<PairDeviceInput> = {}): PairDeviceInput {
  n++;
  return { kind, name: `Test ${kind.toLowerCase()} ${n}`, ...over };
}

/** Connects a paired device through the SDK, announcing the kind it was paired as. */
export function connectPaired(hub: Hub, paired: PairedDevice, opts: Partial<DeviceOptions> = {}) {
  return connectDevice({
    url: hub.mqttUrl,
    deviceId: paired.id,
    secret: paired.secret,
    birth: { kind: paired.kind as DeviceKind, model: "SIM-1", firmware: "1.0.0", capabilities: [] },
    reconnectPeriod: 0,
    ...opts,
  });
}

/** A plain MQTT.js connection with the device's credentials; the promise rejects on a refused CONNACK. */
export function connectRaw(hub: Hub, paired: PairedDevice, opts: IClientOptions = {}): Promise<MqttClient> {
  return mqtt.connectAsync(hub.mqttUrl, {
    clientId: paired.id,
    username: paired.id,
    password: paired.secret,
    reconnectPeriod: 0,
    connectTimeout: 3000,
    ...opts,
  });
}

/** Resolves when the client's connection closes. */
export function closed(client: MqttClient): Promise<void> {
  return new Promise((r) => client.once("close", () => r()));
}

/** Who a test request is from: a hub (a fresh admin token each time) or a fixed bearer token. */
export type Credential = Pick<Hub, "adminToken"> | string;

/** `Authorization` for `auth`; none when `auth` is undefined (to test refusals). */
export async function authHeaders(auth: Credential | undefined): Promise<Record<string, string>> {
  if (auth === undefined) return {};
  const token = typeof auth === "string" ? auth : await auth.adminToken();
  return { authorization: `Bearer ${token}` };
}

/** A JSON request to the hub as `auth` (pass the test hub for its admin, a token for someone else). */
export async function sendJson<T = Record<string, unknown>>(
  method: "POST" | "PUT" | "PATCH" | "DELETE",
  url: string,
  body?: unknown,
  auth?: Credential,
): Promise<{ status: number; body: T }> {
  const res = await fetch(url, {
    method,
    headers: { "content-type": "application/json", ...(await authHeaders(auth)) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (res.status === 204 ? null : await res.json()) as T };
}

export async function getJson<T = Record<string, unknown>>(
  url: string,
  auth?: Credential,
): Promise<{ status: number; body: T }> {
  const res = await fetch(url, { headers: await authHeaders(auth) });
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
