import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@libsql/client";
import mqtt, { type MqttClient } from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import { deviceTopic, encodePayload } from "../shared/protocol/index.ts";
import type { PairedDevice } from "./devices/index.ts";
import { fridgeInput, startTestHub, type TestHub, tempDir } from "./testing.ts";

const FIXTURE = fileURLToPath(new URL("./durability-fixture.ts", import.meta.url));
const BASE_TS = 1_700_000_000_000;

let child: ChildProcess | undefined;
let restarted: TestHub | undefined;
afterEach(async () => {
  child?.kill("SIGKILL");
  child = undefined;
  await restarted?.destroy();
  restarted = undefined;
});

function startHubProcess(dataDir: string): Promise<{ httpUrl: string; mqttUrl: string; adminToken: string }> {
  child = spawn(process.execPath, [FIXTURE, dataDir], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child!.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) resolve(JSON.parse(out.split("\n")[0]!));
    });
    child!.once("exit", (code) => reject(new Error(`hub process exited early (${code})`)));
  });
}

async function killHub(): Promise<void> {
  const exited = new Promise((r) => child!.once("exit", r));
  child!.kill("SIGKILL");
  await exited;
  child = undefined;
}

/** Pairs fridges on the hub process and publishes QoS 1 telemetry from each, `window` messages in flight. */
async function loadHub(
  urls: { httpUrl: string; mqttUrl: string; adminToken: string },
  devices: number,
  window: number,
) {
  const paired: PairedDevice[] = [];
  for (let i = 0; i < devices; i++) {
    const res = await fetch(`${urls.httpUrl}/api/devices`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${urls.adminToken}` },
      body: JSON.stringify(fridgeInput()),
    });
    paired.push((await res.json()) as PairedDevice);
  }
  const clients: MqttClient[] = await Promise.all(
    paired.map((d) =>
      mqtt.connectAsync(urls.mqttUrl, {
        clientId: d.id,
        username: d.id,
        password: d.secret,
        reconnectPeriod: 0,
      }),
    ),
  );
  const acked = paired.map(() => [] as number[]);
  let stopped = false;
  let sent = 0;
  for (const c of clients) c.on("packetsend", (p) => void (p.cmd === "publish" && sent++));
  clients.forEach((client, i) => {
    let seq = 0;
    const next = () => {
      if (stopped || !client.connected) return;
      const n = seq++;
      const payload = Buffer.from(encodePayload({ ts: BASE_TS + n, temperature: 3 + (n % 20) / 10 }));
      client.publish(deviceTopic(paired[i]!.id, "telemetry"), payload, { qos: 1 }, (err) => {
        if (!err) acked[i]!.push(n);
        next();
      });
    };
    for (let k = 0; k < window; k++) next();
  });
  return {
    acked,
    /** PUBLISH packets written to the sockets so far. */
    sent: () => sent,
    stop() {
      stopped = true;
      for (const c of clients) c.end(true);
    },
    /** Acknowledged sequence numbers missing from the restarted hub's database, per device. */
    async lost(hub: TestHub): Promise<number[][]> {
      return Promise.all(
        paired.map(async (d, i) => {
          const rs = await hub.storage.client.execute({
            sql: "select device_ts from readings where device_id = ?",
            args: [d.id],
          });
          const stored = new Set(rs.rows.map((r) => Number(r.device_ts) - BASE_TS));
          return acked[i]!.filter((n) => !stored.has(n));
        }),
      );
    },
  };
}

const total = (acked: number[][]) => acked.reduce((n, a) => n + a.length, 0);

/** Waits for a condition, however long the machine takes (up to a generous bound). */
async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("durability: what the hub acknowledged survives kill -9", () => {
  it("loses nothing acknowledged when killed with SIGKILL under load", async () => {
    const dataDir = tempDir();
    const load = await loadHub(await startHubProcess(dataDir), 4, 32);
    // Killed under load: once 500 messages are acknowledged, with 128 more in flight.
    await until(() => total(load.acked) >= 500, "500 acknowledged messages");
    await killHub();
    load.stop();

    restarted = await startTestHub({ dataDir });
    expect(await load.lost(restarted)).toEqual([[], [], [], []]);
  });

  it("loses nothing acknowledged when killed while a commit is stalled behind another writer's lock", async () => {
    const dataDir = tempDir();
    const load = await loadHub(await startHubProcess(dataDir), 2, 32);
    await until(() => total(load.acked) >= 100, "100 acknowledged messages");
    // Another process (a CLI, a backup) holds the write lock: the hub's next group commit waits on it.
    // A PUBACK sent before its commit would reach the devices during this pause, and be a lie.
    const other = createClient({ url: `file:${join(dataDir, "hub.db")}` });
    // The hub commits many times a second: wait for a gap, as any second writer would, instead of failing BUSY.
    await other.execute("PRAGMA busy_timeout = 10000");
    const lock = await other.transaction("write");
    // Wait until every message in flight (2 devices × 32) is with a hub that cannot commit it, so
    // the kill lands while commits are stalled.
    await until(() => load.sent() - total(load.acked) >= 64, "a full window stalled behind the lock", 20_000);
    await killHub();
    await lock.rollback();
    other.close();
    load.stop();

    restarted = await startTestHub({ dataDir });
    expect(await load.lost(restarted)).toEqual([[], []]);
  });
});
