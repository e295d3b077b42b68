/**
 * Dispensing at the counter: a scan's way to the `dispense` command on the dispenser's command topic, with 20
 * dispensers connected and 20 fridges publishing telemetry meanwhile; and 50 racing scans of one code on 5
 * dispensers (the outcome counts: one dispense, 49 SPENT).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import mqtt, { type MqttClient } from "mqtt";
import { decodePayload, deviceTopic, encodePayload } from "../shared/protocol/index.ts";
import { startHub } from "./processes.ts";

export interface DispensingBenchResult {
  latencyMs: number[];
  /** How late this process's own timers fired during the scans (p99, ms): the machine's noise floor. */
  floorP99: number;
  racing: { dispense: number; refusals: Record<string, number> };
  telemetrySent: number;
}

const DISPENSERS = 20;
const SCANS = 200;
const UNLIMITED = { deviceRatePerSecond: 1_000_000, deviceBurst: 1_000_000 };

export async function runDispensingBench(): Promise<DispensingBenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), "outpost-bench-dispensing-"));
  const hub = await startHub(dataDir, UNLIMITED);
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${hub.httpUrl}${path}`, {
      method,
      headers: { "content-type": "application/json", authorization: `Bearer ${hub.adminToken}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  const clients: MqttClient[] = [];
  try {
    const product = await call<{ id: string }>("POST", "/api/dispensing/products", {
      name: "Bench cola",
      priceMinor: 100,
      currency: "EUR",
    });
    const connect = (d: { id: string; secret: string }) =>
      mqtt.connectAsync(hub.mqttUrl, {
        clientId: d.id,
        username: d.id,
        password: d.secret,
        reconnectPeriod: 0,
      });
    const dispensers: { id: string; client: MqttClient }[] = [];
    for (let i = 0; i < DISPENSERS; i++) {
      const d = await call<{ id: string; secret: string }>("POST", "/api/devices", {
        kind: "DISPENSER",
        name: `Bench dispenser ${i}`,
      });
      await call("PUT", `/api/dispensing/dispensers/${d.id}/slots`, {
        slots: [{ slot: 0, productId: product.id, capacity: 100 }],
      });
      await call("POST", "/api/dispensing/stock", {
        productId: product.id,
        delta: 20,
        reason: "restock",
        deviceId: d.id,
        slot: 0,
      });
      const client = await connect(d);
      await client.subscribeAsync(deviceTopic(d.id, "cmd"), { qos: 1 });
      clients.push(client);
      dispensers.push({ id: d.id, client });
    }
    // Background: 20 fridges, each a reading every 20 ms (1,000 a second in all).
    let telemetrySent = 0;
    let stopping = false;
    for (let i = 0; i < 20; i++) {
      const f = await call<{ id: string; secret: string }>("POST", "/api/devices", {
        kind: "FRIDGE",
        name: `Bench fridge ${i}`,
      });
      const client = await connect(f);
      clients.push(client);
      const tick = () => {
        if (stopping) return;
        client.publish(
          deviceTopic(f.id, "telemetry"),
          Buffer.from(encodePayload({ temperature: 3 + (telemetrySent % 10) / 10 })),
          { qos: 1 },
          () => {
            telemetrySent++;
            setTimeout(tick, 20);
          },
        );
      };
      tick();
    }
    const codes: string[] = [];
    for (let i = 0; i < SCANS + 1; i++) {
      const o = await call<{ id: string }>("POST", "/api/dispensing/orders", {
        items: [{ productId: product.id, quantity: 1 }],
      });
      codes.push(
        (
          await call<{ code: { token: string } }>("POST", `/api/dispensing/orders/${o.id}/pay`, {
            payment: "CASH",
          })
        ).code.token,
      );
    }
    // Each dispenser answers every dispense as done, and reports what it got to whoever waits on the scan id.
    const waiting = new Map<string, (name: string, args: Record<string, unknown>) => void>();
    for (const d of dispensers) {
      d.client.on("message", (_t, payload) => {
        const c = decodePayload(payload) as { id: string; name: string; args: { scanId: string } };
        waiting.get(c.args.scanId)?.(c.name, c.args);
        const ack =
          c.name === "dispense"
            ? { id: c.id, status: "ok", result: { outcome: "dispensed" } }
            : { id: c.id, status: "ok" };
        d.client.publish(deviceTopic(d.id, "ack"), Buffer.from(encodePayload(ack)), { qos: 1 });
      });
    }
    const scan = (d: (typeof dispensers)[number], code: string, scanId: string) =>
      new Promise<{ name: string; args: Record<string, unknown> }>((resolve) => {
        waiting.set(scanId, (name, args) => {
          waiting.delete(scanId);
          resolve({ name, args });
        });
        d.client.publish(
          deviceTopic(d.id, "event"),
          Buffer.from(encodePayload({ name: "scan", data: { scanId, code } })),
          { qos: 1 },
        );
      });
    const latencyMs: number[] = [];
    // The dispensers' clients live in this process: a late timer here is latency no hub change removes.
    const floor = monitorEventLoopDelay({ resolution: 1 });
    floor.enable();
    for (let i = 0; i < SCANS; i++) {
      const t0 = performance.now();
      const got = await scan(dispensers[i % DISPENSERS]!, codes[i]!, `bench-${i}`);
      if (got.name !== "dispense") throw new Error(`scan ${i} was refused: ${JSON.stringify(got.args)}`);
      if (i >= 20) latencyMs.push(performance.now() - t0);
    }
    floor.disable();
    const racers = dispensers.slice(0, 5);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => scan(racers[i % 5]!, codes[SCANS]!, `race-${i}`)),
    );
    stopping = true;
    const refusals: Record<string, number> = {};
    for (const a of answers) {
      if (a.name === "refuse") refusals[String(a.args.reason)] = (refusals[String(a.args.reason)] ?? 0) + 1;
    }
    return {
      latencyMs,
      floorP99: floor.percentile(99) / 1e6,
      racing: { dispense: answers.filter((a) => a.name === "dispense").length, refusals },
      telemetrySent,
    };
  } finally {
    await Promise.allSettled(clients.map((c) => c.endAsync()));
    await hub.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
