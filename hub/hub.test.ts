import mqtt from "mqtt";
import { afterEach, describe, expect, it } from "vitest";
import { deviceTopic } from "../shared/protocol/index.ts";
import { readPragma } from "./db/index.ts";
import { eventsOfType } from "./outbox/index.ts";
import {
  connectFridge,
  eventually,
  fridgeInput,
  getJson,
  sendJson,
  startTestHub,
  type TestHub,
} from "./testing.ts";

interface EquipmentView {
  id: string;
  name: string;
  alarmStatus: "OK" | "ALARM";
  latestReading: { temperature: number } | null;
}

const hubs: TestHub[] = [];
async function hub(): Promise<TestHub> {
  const h = await startTestHub();
  hubs.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.destroy()));
});

/** Default fridge rules wait 30 minutes beyond a limit; these tests want the rule to fire at once. */
async function immediateAlarms(h: TestHub, equipmentId: string): Promise<void> {
  const res = await sendJson(
    "PUT",
    `${h.httpUrl}/api/equipment/${equipmentId}/rules`,
    { highDelayMs: 0, lowDelayMs: 0 },
    h,
  );
  expect(res.status).toBe(200);
}

async function equipmentOf(h: TestHub, id: string): Promise<EquipmentView | undefined> {
  const { body } = await getJson<{ equipment: EquipmentView[] }>(`${h.httpUrl}/api/equipment`, h);
  return body.equipment.find((e) => e.id === id);
}

describe("hub core loop: fridge → MQTT → SQLite → alarm → API", () => {
  it("stores CBOR telemetry acknowledged at QoS 1 and shows it in the API", async () => {
    const h = await hub();
    const paired = await h.pair(fridgeInput({ equipment: { optimalMin: 0, optimalMax: 5 } }));
    const fridge = await connectFridge(h, paired);
    await fridge.publishTelemetry({ ts: Date.now(), temperature: 3.2, doorOpen: false });
    // The PUBACK means committed: no waiting needed before reading SQLite.
    const rows = await h.storage.client.execute({
      sql: "select temperature from readings where device_id = ?",
      args: [paired.id],
    });
    expect(rows.rows.map((r) => r.temperature)).toEqual([3.2]);
    const view = await equipmentOf(h, paired.equipmentId!);
    expect(view?.latestReading?.temperature).toBe(3.2);
    expect(view?.alarmStatus).toBe("OK");
    await fridge.close();
  });

  it("raises exactly one alarm with its outbox event for an excursion, and clears it back in range", async () => {
    const h = await hub();
    const paired = await h.pair(fridgeInput({ equipment: { optimalMin: 0, optimalMax: 5 } }));
    await immediateAlarms(h, paired.equipmentId!);
    const fridge = await connectFridge(h, paired);
    for (const t of [4, 6.5, 7.8, 7.1]) await fridge.publishTelemetry({ temperature: t });

    const { body: open } = await getJson<{ alarms: { kind: string; peakTemperature: number }[] }>(
      `${h.httpUrl}/api/alarms?status=open`,
      h,
    );
    expect(open.alarms).toHaveLength(1);
    expect(open.alarms[0]).toMatchObject({ kind: "HIGH_TEMPERATURE", peakTemperature: 7.8 });
    expect((await equipmentOf(h, paired.equipmentId!))?.alarmStatus).toBe("ALARM");
    const raised = await eventsOfType(h.storage.db, "equipment.alarm.raised");
    expect(raised).toHaveLength(1);
    expect(raised[0]!.envelope.data).toMatchObject({
      equipmentId: paired.equipmentId,
      temperature: 6.5,
      limit: 5,
    });

    await fridge.publishTelemetry({ temperature: 4.2 });
    const { body: after } = await getJson<{ alarms: { status: string }[] }>(`${h.httpUrl}/api/alarms`, h);
    expect(after.alarms.map((a) => a.status)).toEqual(["CLEARED"]);
    const cleared = await eventsOfType(h.storage.db, "equipment.alarm.cleared");
    expect(cleared.map((e) => e.envelope.data)).toEqual([
      expect.objectContaining({ peak: 7.8, temperature: 4.2 }),
    ]);
    expect(cleared[0]!.seq).toBeGreaterThan(raised[0]!.seq);
    expect((await equipmentOf(h, paired.equipmentId!))?.alarmStatus).toBe("OK");
    await fridge.close();
  });

  it("accepts JSON payloads from off-the-shelf firmware", async () => {
    const h = await hub();
    const paired = await h.pair(fridgeInput());
    const fridge = await connectFridge(h, paired, { encoding: "json" });
    await fridge.publishTelemetry({ temperature: 2.5 });
    expect((await equipmentOf(h, paired.equipmentId!))?.latestReading?.temperature).toBe(2.5);
    await fridge.close();
  });
});

describe("broker refuses what it must, and keeps serving everyone else", () => {
  it("refuses a wrong secret with CONNACK 4", async () => {
    const h = await hub();
    const paired = await h.pair(fridgeInput());
    const err = await mqtt
      .connectAsync(h.mqttUrl, {
        clientId: paired.id,
        username: paired.id,
        password: "not-the-secret",
        reconnectPeriod: 0,
      })
      .then(
        () => null,
        (e: Error & { code?: number }) => e,
      );
    expect(err?.code).toBe(4);
    expect(h.metrics.rejectedCount("bad_credentials")).toBe(1);
  });

  it("disconnects a device publishing on another device's topic; the reading never appears", async () => {
    const h = await hub();
    const victim = await h.pair(fridgeInput());
    const intruder = await h.pair(fridgeInput());
    const victimClient = await connectFridge(h, victim);
    const intruderClient = await connectFridge(h, intruder);

    const closed = new Promise((r) => intruderClient.mqtt.once("close", () => r(undefined)));
    intruderClient.mqtt.publish(
      deviceTopic(victim.id, "telemetry"),
      intruderClient.encode({ temperature: 40 }),
      {
        qos: 1,
      },
    );
    await closed;

    await victimClient.publishTelemetry({ temperature: 3 });
    const rows = await h.storage.client.execute("select device_id, temperature from readings");
    expect(rows.rows.map((r) => [r.device_id, r.temperature])).toEqual([[victim.id, 3]]);
    expect(h.metrics.rejectedCount("foreign_topic")).toBe(1);
    expect((await getJson<{ alarms: unknown[] }>(`${h.httpUrl}/api/alarms`, h)).body.alarms).toEqual([]);
    await victimClient.close();
    intruderClient.mqtt.end(true);
  });

  it("refuses to let a device subscribe outside its prefix", async () => {
    const h = await hub();
    const a = await h.pair(fridgeInput());
    const client = await connectFridge(h, a);
    const closed = new Promise((r) => client.mqtt.once("close", () => r(undefined)));
    client.mqtt.subscribe("outpost/v1/d/#", { qos: 1 });
    await closed;
    expect(h.metrics.rejectedCount("forbidden_subscription")).toBe(1);
    client.mqtt.end(true);
  });

  it("counts malformed CBOR and oversized frames, and keeps serving", async () => {
    const h = await hub();
    const paired = await h.pair(fridgeInput());
    const bystander = await connectFridge(h, await h.pair(fridgeInput()));
    const fridge = await connectFridge(h, paired);

    // A truncated CBOR map: acknowledged and dropped so the device does not resend a poison message.
    await fridge.mqtt.publishAsync(deviceTopic(paired.id, "telemetry"), Buffer.from([0xa2, 0x64, 0x74]), {
      qos: 1,
    });
    // Valid CBOR, wrong shape.
    await fridge.mqtt.publishAsync(
      deviceTopic(paired.id, "telemetry"),
      fridge.encode({ temperature: "hot" }),
      {
        qos: 1,
      },
    );
    expect(h.metrics.rejectedCount("malformed_payload")).toBe(1);
    expect(h.metrics.rejectedCount("invalid_payload")).toBe(1);
    expect(h.metrics.rejectedByDevice.get(paired.id)).toBe(2);

    const closed = new Promise((r) => fridge.mqtt.once("close", () => r(undefined)));
    fridge.mqtt.publish(deviceTopic(paired.id, "telemetry"), Buffer.alloc(64 * 1024, 0x61), { qos: 1 });
    await closed;
    expect(h.metrics.rejectedCount("oversized")).toBe(1);

    await bystander.publishTelemetry({ temperature: 3.3 });
    const rows = await h.storage.client.execute("select temperature from readings");
    expect(rows.rows.map((r) => r.temperature)).toEqual([3.3]);
    const metrics = await (await fetch(`${h.httpUrl}/metrics`)).text();
    expect(metrics).toContain('outpost_messages_rejected_total{reason="malformed_payload"} 1');
    expect(metrics).toContain('outpost_messages_rejected_total{reason="oversized"} 1');
    await bystander.close();
    fridge.mqtt.end(true);
  });
});

describe("storage", () => {
  it("applies migrations on a fresh file with WAL and synchronous=FULL (a PUBACK survives a power cut)", async () => {
    const h = await hub();
    expect(await readPragma(h.storage.client, "journal_mode")).toBe("wal");
    expect(await readPragma(h.storage.client, "synchronous")).toBe(2);
    const tables = await h.storage.client.execute("select name from sqlite_master where type = 'table'");
    expect(tables.rows.map((r) => r.name)).toEqual(
      expect.arrayContaining(["devices", "equipment", "readings", "alarms", "outbox"]),
    );
  });

  it("keeps devices, readings, open alarms and the hub id across a restart", async () => {
    let h = await startTestHub();
    const paired = await h.pair(fridgeInput({ equipment: { optimalMin: 0, optimalMax: 5 } }));
    await immediateAlarms(h, paired.equipmentId!);
    let fridge = await connectFridge(h, paired);
    await fridge.publishTelemetry({ temperature: 9 });
    await fridge.close();
    const hubId = h.hubId;

    h = await h.restart();
    hubs.push(h);
    expect(h.hubId).toBe(hubId);
    fridge = await connectFridge(h, paired);
    await fridge.publishTelemetry({ temperature: 9.5 });
    await fridge.publishTelemetry({ temperature: 3 });
    const { body } = await getJson<{ alarms: { status: string; peakTemperature: number }[] }>(
      `${h.httpUrl}/api/alarms`,
      h,
    );
    // The alarm raised before the restart is the one that tracks the peak and clears: no second alarm.
    expect(body.alarms).toEqual([expect.objectContaining({ status: "CLEARED", peakTemperature: 9.5 })]);
    const readings = await h.storage.client.execute("select count(*) as n from readings");
    expect(readings.rows[0]!.n).toBe(3);
    await fridge.close();
    await eventually(async () => (await eventsOfType(h.storage.db, "equipment.alarm.cleared")).length === 1);
  });
});
