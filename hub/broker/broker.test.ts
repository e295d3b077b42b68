import { type Socket, connect as tcpConnect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { deviceTopic } from "../../shared/protocol/index.ts";
import type { HubConfig } from "../hub.ts";
import { eventsOfType } from "../outbox/index.ts";
import {
  closed,
  connectFridge,
  connectRaw,
  eventually,
  fridgeInput,
  getJson,
  startTestHub,
  type TestHub,
} from "../testing.ts";

const hubs: TestHub[] = [];
const sockets: Socket[] = [];
async function hub(opts: Partial<HubConfig> = {}): Promise<TestHub> {
  const h = await startTestHub(opts);
  hubs.push(h);
  return h;
}
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await Promise.all(hubs.splice(0).map((h) => h.destroy()));
});

/** An MQTT 3.1.1 CONNECT written by hand, since MQTT.js refuses to send an empty id with clean = 0. */
function connectPacket(clientId: string, username: string, password: string, clean: boolean): Buffer {
  const str = (s: string) => {
    const b = Buffer.from(s, "utf8");
    return Buffer.concat([Buffer.from([b.length >> 8, b.length & 0xff]), b]);
  };
  const flags = 0x80 | 0x40 | (clean ? 0x02 : 0);
  const body = Buffer.concat([
    str("MQTT"),
    Buffer.from([4, flags, 0, 60]),
    str(clientId),
    str(username),
    str(password),
  ]);
  return Buffer.concat([Buffer.from([0x10, body.length]), body]);
}

/** Sends a CONNECT and resolves with the CONNACK return code (MQTT-3.2.2.3). */
function connackCode(h: TestHub, packet: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(h.mqttPort, "127.0.0.1", () => socket.write(packet));
    sockets.push(socket);
    socket.once("data", (d) =>
      d[0] === 0x20 ? resolve(d[3]!) : reject(new Error(`not a CONNACK: ${d.toString("hex")}`)),
    );
    socket.once("error", reject);
  });
}

function openSocket(h: TestHub): Promise<Socket> {
  return new Promise((resolve) => {
    const s = tcpConnect(h.mqttPort, "127.0.0.1", () => resolve(s));
    s.on("error", () => {});
    sockets.push(s);
  });
}

const isClosed = (s: Socket) => new Promise<void>((r) => (s.closed ? r() : s.once("close", () => r())));

describe("client ids (MQTT 3.1.1 §3.1.3)", () => {
  it("assigns an id to an empty one with a clean session, and refuses it without (MQTT-3.1.3-8)", async () => {
    const h = await hub();
    const paired = await h.pair(fridgeInput());
    expect(await connackCode(h, connectPacket("", paired.id, paired.secret, true))).toBe(0);
    expect(await connackCode(h, connectPacket("", paired.id, paired.secret, false))).toBe(2);
    expect(h.metrics.rejectedCount("client_id_rejected")).toBe(1);
  });

  it("refuses a client id that is not the device id, so no device can take over another's session", async () => {
    const h = await hub();
    const victim = await h.pair(fridgeInput());
    const intruder = await h.pair(fridgeInput());
    const victimClient = await connectRaw(h, victim);
    const code = await connackCode(h, connectPacket(victim.id, intruder.id, intruder.secret, true));
    expect(code).toBe(2);
    expect(victimClient.connected).toBe(true);
    await victimClient.endAsync();
  });

  it("lets a second connection with the same client id take over the first (MQTT-3.1.4-2)", async () => {
    const h = await hub();
    const paired = await h.pair(fridgeInput());
    const first = await connectRaw(h, paired);
    const firstGone = closed(first);
    const second = await connectRaw(h, paired);
    await firstGone;
    expect(second.connected).toBe(true);
    await second.publishAsync(deviceTopic(paired.id, "state"), Buffer.from('{"mode":"ok"}'), { qos: 1 });
    await h.drain();
    const { body } = await getJson<{ status: string }>(`${h.httpUrl}/api/devices/${paired.id}`, h);
    expect(body.status).toBe("ONLINE");
    expect(h.devices.broker.connectedDevices()).toBe(1);
    await second.endAsync();
  });
});

describe("protocol version (the contract is MQTT 3.1.1)", () => {
  it("refuses MQTT 3.1 and MQTT 5 with CONNACK 1 and counts each refusal", async () => {
    const h = await hub();
    const paired = await h.pair(fridgeInput());
    // MQTT 3.1: protocol name "MQIsdp", level 3.
    const v31 = await connectRaw(h, paired, { protocolVersion: 3, protocolId: "MQIsdp" }).then(
      () => "accepted",
      (err: Error & { code?: number }) => err.code,
    );
    expect(v31).toBe(1);
    const v5 = await connectRaw(h, paired, { protocolVersion: 5 }).then(
      () => "accepted",
      (err: Error & { code?: number }) => err.code,
    );
    expect(v5).not.toBe("accepted");
    expect(h.metrics.rejectedCount("unsupported_protocol")).toBe(2);
    const ok = await connectRaw(h, paired);
    await ok.endAsync();
  });
});

describe("frame limit", () => {
  it("takes a frame of exactly the limit, header included, and refuses one byte more", async () => {
    const h = await hub({ maxFrameBytes: 300 });
    const paired = await h.pair(fridgeInput());
    const topic = deviceTopic(paired.id, "event");
    // PUBLISH QoS 1: 1 type byte + 2 length bytes + 2 + topic + 2 (packet id) + payload.
    const payloadFor = (frame: number) => frame - (1 + 2 + 2 + topic.length + 2);
    const body = (n: number) => Buffer.from(`{"name":"x","message":"${"a".repeat(n - 25)}"}`);
    const c = await connectRaw(h, paired);
    expect(body(payloadFor(300)).length).toBe(payloadFor(300));
    await c.publishAsync(topic, body(payloadFor(300)), { qos: 1 });
    const gone = closed(c);
    c.publish(topic, body(payloadFor(301)), { qos: 1 }, () => {});
    await gone;
    expect(h.metrics.rejectedCount("oversized")).toBe(1);
    c.end(true);
  });
});

describe("limits", () => {
  it("keeps serving a connected device through a flood of idle connections, and sheds the flood", async () => {
    // A connect deadline far beyond the test, so no slot frees up while the flood arrives, however
    // slow the machine: each socket over the pending limit sheds an older one, so 20 stay open.
    const h = await hub({
      limits: {
        maxPendingConnections: 20,
        maxPendingPerAddress: 20,
        connectTimeoutMs: 60_000,
        pressureConnectTimeoutMs: 60_000,
      },
    });
    const paired = await h.pair(fridgeInput());
    const fridge = await connectFridge(h, paired);
    let fridgeDropped = false;
    fridge.mqtt.on("close", () => {
      fridgeDropped = true;
    });

    // Publish while the flood arrives: each reading is still acknowledged, the connection kept.
    const opening = Promise.all(Array.from({ length: 120 }, () => openSocket(h)));
    for (let i = 0; i < 20; i++) await fridge.publishTelemetry({ temperature: 3 + i / 10 });
    const flood = await opening;
    // Every flood socket has been accepted or refused: 20 hold the pending slots, the rest were shed.
    await eventually(
      () => h.metrics.rejectedCount("too_many_pending") + h.devices.broker.openConnections() === 121,
      30_000,
    );
    expect(h.metrics.rejectedCount("too_many_pending")).toBe(100);
    expect(fridgeDropped).toBe(false);
    const rows = await h.storage.client.execute("select count(*) as n from readings");
    expect(rows.rows[0]!.n).toBe(20);
    for (const s of flood) s.destroy();

    const late = await connectFridge(h, await h.pair(fridgeInput()));
    await late.publishTelemetry({ temperature: 4 });
    await Promise.all([fridge.close(), late.close()]);
  });

  it("closes a connection that never sends CONNECT once the connect deadline passes", async () => {
    const h = await hub({ limits: { connectTimeoutMs: 200 } });
    const idle = await openSocket(h);
    await isClosed(idle);
    await eventually(() => h.devices.broker.openConnections() === 0);
  });

  it("refuses connections beyond the total cap", async () => {
    const h = await hub({ limits: { maxConnections: 2 } });
    const a = await connectRaw(h, await h.pair(fridgeInput()));
    const b = await connectRaw(h, await h.pair(fridgeInput()));
    const c = await openSocket(h);
    await isClosed(c);
    expect(h.metrics.rejectedCount("too_many_connections")).toBe(1);
    await Promise.all([a.endAsync(), b.endAsync()]);
  });

  it("holds a device that flooded off when it reconnects at once (CONNACK 3), and counts it", async () => {
    const h = await hub({
      limits: { deviceRatePerSecond: 1, deviceBurst: 1, maxThrottleMs: 50, floodHoldOffMs: 60_000 },
    });
    const paired = await h.pair(fridgeInput());
    const flooder = await connectRaw(h, paired);
    const gone = closed(flooder);
    for (let i = 0; i < 10; i++)
      flooder.publish(deviceTopic(paired.id, "state"), Buffer.from('{"n":1}'), { qos: 1 }, () => {});
    await gone;
    flooder.end(true);
    expect(h.metrics.rejectedCount("rate_limited")).toBeGreaterThanOrEqual(1);
    const again = await connectRaw(h, paired).then(
      () => "accepted",
      (err: Error & { code?: number }) => err.code,
    );
    expect(again).toBe(3);
    expect(h.metrics.rejectedCount("held_off")).toBe(1);
  });

  it("slows a device over its message rate without losing what it sends", async () => {
    const h = await hub({ limits: { deviceRatePerSecond: 40, deviceBurst: 5, maxThrottleMs: 2000 } });
    const paired = await h.pair(fridgeInput());
    const fridge = await connectFridge(h, paired);
    await Promise.all(Array.from({ length: 25 }, (_, i) => fridge.publishTelemetry({ temperature: i / 10 })));
    // Sent back to back, all but the burst were held back (a slow machine only spaces them more).
    expect(h.metrics.throttled).toBeGreaterThanOrEqual(18);
    const rows = await h.storage.client.execute("select count(*) as n from readings");
    expect(rows.rows[0]!.n).toBe(25);
    await fridge.close();
  });

  it("disconnects a device flooding far past its rate, while others carry on", async () => {
    const h = await hub({ limits: { deviceRatePerSecond: 20, deviceBurst: 5, maxThrottleMs: 500 } });
    const flooder = await h.pair(fridgeInput());
    const bystander = await connectFridge(h, await h.pair(fridgeInput()));
    const client = await connectRaw(h, flooder);
    const gone = closed(client);
    const payload = Buffer.from('{"temperature":5}');
    for (let i = 0; i < 200; i++) client.publish(deviceTopic(flooder.id, "telemetry"), payload, { qos: 0 });
    await gone;
    expect(h.metrics.rejectedCount("rate_limited")).toBe(1);
    await bystander.publishTelemetry({ temperature: 3 });
    client.end(true);
    await bystander.close();
  });
});

describe("metrics", () => {
  it("shows rejections per device and reason, accepted messages per channel and commit batch sizes", async () => {
    const h = await hub();
    const paired = await h.pair(fridgeInput());
    const fridge = await connectFridge(h, paired);
    await fridge.publishTelemetry({ temperature: 3 });
    await fridge.mqtt.publishAsync(deviceTopic(paired.id, "telemetry"), Buffer.from("{not json"), { qos: 1 });
    await fridge.mqtt.publishAsync(
      deviceTopic(paired.id, "ack"),
      fridge.encode({ id: "nope", status: "ok" }),
      {
        qos: 1,
      },
    );
    await eventually(() => h.devices.broker.connectedDevices() === 1);
    // Pairing records the unit's configured range (equipment.configured) and the device coming ONLINE is a
    // presence event; the hub is not claimed, so both wait in the outbox.
    await eventually(async () => (await eventsOfType(h.storage.db, "device.presence.changed")).length === 1);
    const text = await (await fetch(`${h.httpUrl}/metrics`)).text();
    expect(text).toContain(
      `outpost_device_messages_rejected_total{device="${paired.id}",reason="malformed_payload"} 1`,
    );
    expect(text).toContain(
      `outpost_device_messages_rejected_total{device="${paired.id}",reason="unknown_command"} 1`,
    );
    expect(text).toContain('outpost_messages_accepted_total{channel="telemetry"} 1');
    expect(text).toContain('outpost_messages_accepted_total{channel="birth"} 1');
    expect(text).toContain("outpost_devices_connected 1");
    expect(text).toMatch(/outpost_commit_batch_size_count [1-9]\d*/);
    expect(text).toContain("outpost_commands_pending 0");
    expect(text).toContain("outpost_outbox_depth 2");
    await fridge.close();
  });
});
