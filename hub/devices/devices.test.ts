import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { systemClock } from "../../shared/clock/index.ts";
import { deviceTopic } from "../../shared/protocol/index.ts";
import { openDb } from "../db/index.ts";
import type { HubConfig } from "../hub.ts";
import { silentLogger } from "../log.ts";
import {
  closed,
  connectPaired,
  connectRaw,
  deviceInput,
  eventually,
  fridgeInput,
  getJson,
  sendJson,
  startTestHub,
  type TestHub,
} from "../testing.ts";
import { pairDevice } from "./pairing.ts";
import { RegistryWatcher } from "./registry-watcher.ts";

interface DeviceView {
  id: string;
  status: string;
  model: string | null;
  firmware: string | null;
  lastSeenAt: number | null;
  state: Record<string, unknown> | null;
  encoding: string;
}
interface LogView {
  id: number;
  level: string;
  type: string;
  message: string;
}

const hubs: TestHub[] = [];
async function hub(opts: Partial<HubConfig> = {}): Promise<TestHub> {
  const h = await startTestHub(opts);
  hubs.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.destroy()));
});

const device = async (h: TestHub, id: string) =>
  (await getJson<DeviceView>(`${h.httpUrl}/api/devices/${id}`, h)).body;
const logs = async (h: TestHub, id: string, query = "") =>
  (await getJson<{ logs: LogView[] }>(`${h.httpUrl}/api/devices/${id}/logs${query}`, h)).body.logs;

describe("pairing and revocation", () => {
  it("shows the secret once and keeps only a salted hash of it", async () => {
    const h = await hub();
    const paired = await h.pair(deviceInput("HEATER"));
    expect(paired.secret.length).toBeGreaterThanOrEqual(40);
    const view = await getJson(`${h.httpUrl}/api/devices/${paired.id}`, h);
    expect(JSON.stringify(view.body)).not.toContain(paired.secret);
    expect(view.body).not.toHaveProperty("secretHash");
    const rs = await h.storage.client.execute({
      sql: "select secret_hash from devices where id = ?",
      args: [paired.id],
    });
    expect(String(rs.rows[0]!.secret_hash)).toMatch(/^sha256\$/);
    expect(String(rs.rows[0]!.secret_hash)).not.toContain(paired.secret);
  });

  it("disconnects a revoked device at once, refuses it afterwards and fails its open commands", async () => {
    const h = await hub();
    const paired = await h.pair(fridgeInput());
    const client = await connectRaw(h, paired);
    const queued = await sendJson<{ id: string }>(
      "POST",
      `${h.httpUrl}/api/devices/${paired.id}/commands`,
      { name: "ping" },
      h,
    );
    const gone = closed(client);

    const res = await sendJson<DeviceView>(
      "POST",
      `${h.httpUrl}/api/devices/${paired.id}/revoke`,
      undefined,
      h,
    );
    expect(res.status).toBe(200);
    expect(res.body.status).toBe("REVOKED");
    await gone;

    const refused = await connectRaw(h, paired).then(
      () => null,
      (e: Error & { code?: number }) => e,
    );
    expect(refused?.code).toBe(5); // MQTT-3.2.2: not authorized
    expect(h.metrics.rejectedCount("revoked")).toBe(1);
    const command = await getJson(`${h.httpUrl}/api/devices/${paired.id}/commands/${queued.body.id}`, h);
    expect(command.body).toMatchObject({ status: "FAILED", message: "device revoked" });
    // The disconnect that followed the revocation does not turn it back into OFFLINE.
    await h.drain();
    expect((await device(h, paired.id)).status).toBe("REVOKED");
    expect((await logs(h, paired.id)).map((l) => l.type)).toContain("revoked");
  });

  it("ends the session on secret rotation: the old secret is refused, the new one works", async () => {
    const h = await hub();
    const paired = await h.pair(fridgeInput());
    const client = await connectRaw(h, paired);
    const gone = closed(client);
    const rotated = await sendJson<{ id: string; secret: string }>(
      "POST",
      `${h.httpUrl}/api/devices/${paired.id}/rotate-secret`,
      undefined,
      h,
    );
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(paired.secret);
    await gone;
    const old = await connectRaw(h, paired).then(
      () => null,
      (e: Error & { code?: number }) => e,
    );
    expect(old?.code).toBe(4);
    const fresh = await connectRaw(h, { ...paired, secret: rotated.body.secret });
    expect(fresh.connected).toBe(true);
    await fresh.endAsync();
  });

  it("answers unknown devices with NOT_FOUND in the one error shape", async () => {
    const h = await hub();
    const res = await sendJson<{ error: { code: string; requestId: string } }>(
      "POST",
      `${h.httpUrl}/api/devices/dev-nope00000000/revoke`,
      undefined,
      h,
    );
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("NOT_FOUND");
    expect(res.body.error.requestId).toBeTruthy();
  });
});

describe("presence", () => {
  it("goes PAIRED → ONLINE → OFFLINE with birth details, last seen and a device log", async () => {
    const h = await hub();
    const paired = await h.pair(fridgeInput());
    expect((await device(h, paired.id)).status).toBe("PAIRED");

    const fridge = await connectPaired(h, paired, {
      birth: { kind: "FRIDGE", model: "F-9", firmware: "2.1.0", capabilities: ["temperature"] },
    });
    await eventually(async () => (await device(h, paired.id)).status === "ONLINE");
    const online = await device(h, paired.id);
    expect(online).toMatchObject({ model: "F-9", firmware: "2.1.0", encoding: "cbor" });
    expect(online.lastSeenAt).toBeGreaterThan(0);

    await fridge.close();
    await eventually(async () => (await device(h, paired.id)).status === "OFFLINE");
    const types = (await logs(h, paired.id)).map((l) => l.type).reverse();
    expect(types).toEqual(["paired", "connected", "status", "birth", "status", "disconnected"]);
  });

  it("marks a device that vanishes without DISCONNECT OFFLINE and records its last will", async () => {
    const h = await hub();
    const paired = await h.pair(fridgeInput());
    const fridge = await connectPaired(h, paired);
    await eventually(async () => (await device(h, paired.id)).status === "ONLINE");
    // Destroying the socket skips DISCONNECT, so the broker publishes the will (MQTT-3.1.2-8).
    fridge.mqtt.stream.destroy();
    await eventually(async () => (await device(h, paired.id)).status === "OFFLINE");
    await eventually(async () =>
      (await logs(h, paired.id)).some((l) => l.type === "status" && l.message === "device says offline"),
    );
    fridge.mqtt.end(true);
  });

  it("puts a device in ERROR after repeated bad payloads, and a reconnect clears it", async () => {
    const h = await hub({ health: { threshold: 3, windowMs: 60_000 } });
    const paired = await h.pair(fridgeInput());
    const fridge = await connectPaired(h, paired);
    for (let i = 0; i < 3; i++) {
      await fridge.mqtt.publishAsync(
        deviceTopic(paired.id, "telemetry"),
        fridge.encode({ temperature: "warm" }),
        {
          qos: 1,
        },
      );
    }
    await eventually(async () => (await device(h, paired.id)).status === "ERROR");
    const [last] = await logs(h, paired.id, "?limit=1");
    expect(last).toMatchObject({ level: "error", type: "error" });
    expect(last!.message).toContain("invalid_payload");

    await fridge.close();
    const again = await connectPaired(h, paired);
    await eventually(async () => (await device(h, paired.id)).status === "ONLINE");
    await again.close();
  });

  it("turns a device-reported fault into ERROR and back with fault-cleared", async () => {
    const h = await hub();
    const paired = await h.pair(deviceInput("HEATER"));
    const heater = await connectPaired(h, paired);
    await heater.publishEvent({ name: "fault", message: "element open circuit", data: { code: 17 } });
    expect((await device(h, paired.id)).status).toBe("ERROR");
    const [fault] = await logs(h, paired.id, "?limit=1");
    expect(fault).toMatchObject({ level: "error", type: "fault", message: "element open circuit" });

    await heater.publishEvent({ name: "fault-cleared" });
    expect((await device(h, paired.id)).status).toBe("ONLINE");
    await heater.close();
  });

  it("keeps the latest retained state and refuses a birth of the wrong kind", async () => {
    const h = await hub();
    const paired = await h.pair(deviceInput("HEATER"));
    const heater = await connectPaired(h, paired);
    await heater.publishState({ relay: true, setpoint: 21.5 });
    await heater.publishState({ relay: false, setpoint: 21.5 });
    expect((await device(h, paired.id)).state).toEqual({ relay: false, setpoint: 21.5 });

    await heater.publish("birth", { kind: "METER", model: "x", firmware: "1", capabilities: [] }, true);
    expect(h.metrics.rejectedCount("invalid_payload")).toBe(1);
    await heater.close();
  });

  it("pages the device log newest first", async () => {
    const h = await hub();
    const paired = await h.pair(deviceInput("SENSOR"));
    const sensor = await connectPaired(h, paired);
    for (const name of ["one", "two", "three"]) await sensor.publishEvent({ name, level: "warn" });
    const page = await logs(h, paired.id, "?limit=2");
    expect(page.map((l) => l.message)).toEqual(["three", "two"]);
    const next = await logs(h, paired.id, `?limit=2&before=${page[1]!.id}`);
    expect(next).toHaveLength(2);
    expect(next[0]).toMatchObject({ message: "one", level: "warn", type: "event" });
    expect(next[0]!.id).toBeLessThan(page[1]!.id);
    expect((await getJson(`${h.httpUrl}/api/devices/dev-missing0000/logs`, h)).status).toBe(404);
    await sensor.close();
  });
});

describe("pairing creates equipment through the equipment verb", () => {
  it("records equipment.created, and refuses a set temperature outside the range as the equipment API does", async () => {
    const h = await hub();
    const paired = await h.pair(fridgeInput({ equipment: { optimalMin: 1, optimalMax: 3 } }));
    const history = await getJson<{ history: { eventType: string }[] }>(
      `${h.httpUrl}/api/equipment/${paired.equipmentId}/history`,
      h,
    );
    expect(history.body.history.map((e) => e.eventType)).toEqual(["equipment.created"]);
    const unit = await getJson<{ setTemperature: number }>(
      `${h.httpUrl}/api/equipment/${paired.equipmentId}`,
      h,
    );
    expect(unit.body.setTemperature).toBe(2);

    const refused = await sendJson<{ error: { code: string } }>(
      "POST",
      `${h.httpUrl}/api/devices`,
      fridgeInput({ equipment: { optimalMin: 0, optimalMax: 5, setTemperature: 9 } }),
      h,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("VALIDATION_ERROR");
    const count = await h.storage.client.execute("select count(*) as n from devices");
    expect(count.rows[0]!.n).toBe(1);
  });
});

describe("pairing into a running hub touches only the new device", () => {
  const readingsOf = async (h: TestHub, deviceId: string) => {
    const rs = await h.storage.client.execute({
      sql: "select count(*) as n from readings where device_id = ?",
      args: [deviceId],
    });
    return Number(rs.rows[0]!.n);
  };

  it("records a device paired over the API or by another process at once, keeps the others, and refuses revoked and unknown ones", async () => {
    const h = await hub();
    const first = await h.pair(fridgeInput());
    const a = await connectPaired(h, first);
    await a.publishTelemetry({ temperature: 3 });
    expect(await readingsOf(h, first.id)).toBe(1);

    // Paired over the API while `a` is connected: its first reading is recorded (the PUBACK follows the commit).
    const second = await h.pair(fridgeInput());
    const b = await connectPaired(h, second);
    await b.publishTelemetry({ temperature: 4 });
    expect(await readingsOf(h, second.id)).toBe(1);

    // Paired by another writer of the file, as the CLI does: the hub picks the unit up when it connects.
    const cli = await openDb(join(h.dataDir, "hub.db"));
    const third = await pairDevice({ db: cli.db, clock: systemClock }, fridgeInput()).finally(() =>
      cli.close(),
    );
    const c = await connectPaired(h, third);
    await c.publishTelemetry({ temperature: 5 });
    expect(await readingsOf(h, third.id)).toBe(1);

    // The units paired before were not dropped by the later, partial loads.
    await a.publishTelemetry({ temperature: 3.5 });
    expect(await readingsOf(h, first.id)).toBe(2);

    const gone = closed(b.mqtt);
    const revoked = await sendJson("POST", `${h.httpUrl}/api/devices/${second.id}/revoke`, undefined, h);
    expect(revoked.status).toBe(200);
    await gone;
    const refusal = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: Error & { code?: number }) => e.code,
      );
    expect(await refusal(connectRaw(h, second))).toBe(5); // MQTT-3.2.2: not authorized
    expect(await refusal(connectRaw(h, { ...second, id: "dev-000000000000" }))).toBe(4);
    await c.publishTelemetry({ temperature: 5.5 });
    expect(await readingsOf(h, third.id)).toBe(2);
    expect(await readingsOf(h, second.id)).toBe(1);
    await Promise.all([a.close(), c.close()]);
  });
});

describe("the registry watcher", () => {
  it("answers a check made during a look only after a look that sees the caller's change", async () => {
    const storage = await openDb(":memory:");
    const ctx = { db: storage.db, clock: systemClock };
    let release: () => void = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    const seen: string[] = [];
    const watcher = new RegistryWatcher({
      db: storage.db,
      log: silentLogger,
      pollMs: 60_000,
      async onChange(changes) {
        seen.push(...changes.map((c) => c.id));
        await held;
      },
    });
    await watcher.start();
    try {
      const x = await pairDevice(ctx, deviceInput("SENSOR"));
      const first = watcher.check();
      // The first look is applying x when y is paired: the caller's check must not end with that look.
      await eventually(() => seen.includes(x.id));
      const y = await pairDevice(ctx, deviceInput("SENSOR"));
      const second = watcher.check();
      release();
      await Promise.all([first, second]);
      expect(seen).toEqual([x.id, y.id]);
    } finally {
      await watcher.stop();
      storage.close();
    }
  });
});
