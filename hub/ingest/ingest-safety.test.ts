/** A message only ever fails itself; a resent message is stored once; persistent sessions get commands. */
import { afterEach, describe, expect, it } from "vitest";
import { deviceTopic, encodePayload } from "../../shared/protocol/index.ts";
import type { HubConfig } from "../hub.ts";
import {
  closed,
  connectRaw,
  deviceInput,
  eventually,
  fridgeInput,
  getJson,
  sendJson,
  startTestHub,
  type TestHub,
} from "../testing.ts";

const hubs: TestHub[] = [];
async function hub(opts: Partial<HubConfig> = {}): Promise<TestHub> {
  const h = await startTestHub(opts);
  hubs.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.destroy()));
});

const hex = (h: string) => Buffer.from(h, "hex");
const count = async (h: TestHub, sql: string, args: (string | number)[] = []) =>
  Number((await h.storage.client.execute({ sql, args })).rows[0]![0]);
const status = async (h: TestHub, id: string) =>
  (await h.storage.client.execute({ sql: "select status from devices where id = ?", args: [id] }))
    .rows[0]![0];

describe("idempotent ingest", () => {
  it("stores a reading once when its PUBACK was withheld after the readings committed and it is resent", async () => {
    let ts = 0;
    let failures = 0;
    const h = await hub({
      // The rule step fails once, after the batch holding this reading committed: the PUBACK is
      // withheld, as after a crash between the commit and the acknowledgement.
      afterReadings: (items) => {
        const ours = items.some((w) => w.kind === "reading" && w.reading.telemetry.ts === ts);
        if (ours && failures++ === 0) throw new Error("rule step failed");
      },
    });
    const paired = await h.pair(fridgeInput());
    // A device time after pairing, so the hub takes it as the reading's time.
    ts = Date.now() + 1;
    const payload = Buffer.from(encodePayload({ ts, temperature: 4.5 }));
    const first = await connectRaw(h, paired);
    const gone = closed(first);
    // Not acknowledged: the broker closes the connection instead.
    first.publish(deviceTopic(paired.id, "telemetry"), payload, { qos: 1 }, () => {});
    await gone;
    first.end(true);
    expect(failures).toBe(1);
    expect(await count(h, "select count(*) from readings where device_id = ?", [paired.id])).toBe(1);

    const again = await connectRaw(h, paired);
    await again.publishAsync(deviceTopic(paired.id, "telemetry"), payload, { qos: 1 });
    // A newer reading after it is stored as usual.
    await again.publishAsync(
      deviceTopic(paired.id, "telemetry"),
      Buffer.from(encodePayload({ ts: ts + 500, temperature: 4.6 })),
      { qos: 1 },
    );
    await again.endAsync();
    expect(
      await count(h, "select count(*) from readings where device_id = ? and device_ts = ?", [paired.id, ts]),
    ).toBe(1);
    expect(await count(h, "select count(*) from readings where device_id = ?", [paired.id])).toBe(2);
    expect(
      await count(h, "select sum(count) from rollups where resolution = 'minute' and equipment_id = ?", [
        paired.equipmentId!,
      ]),
    ).toBe(2);

    // After a restart the hub still recognises the resend.
    const h2 = await h.restart();
    hubs.splice(hubs.indexOf(h), 1, h2);
    const late = await connectRaw(h2, paired);
    await late.publishAsync(deviceTopic(paired.id, "telemetry"), payload, { qos: 1 });
    await late.endAsync();
    expect(await count(h2, "select count(*) from readings where device_id = ?", [paired.id])).toBe(2);
    const unit = await getJson<{ latestReading: { deviceTs: number } }>(
      `${h2.httpUrl}/api/equipment/${paired.equipmentId}`,
      h2,
    );
    expect(unit.body.latestReading.deviceTs).toBe(ts + 500);
  });
});

describe("reading keys", () => {
  it("stores two readings of one millisecond that differ in value, and one of two that do not", async () => {
    const h = await hub();
    const paired = await h.pair(fridgeInput());
    const ts = Date.now() + 1;
    const c = await connectRaw(h, paired);
    const topic = deviceTopic(paired.id, "telemetry");
    for (const body of [
      { ts, temperature: 4 },
      { ts, temperature: 4.1 },
      { ts, temperature: 4 },
    ])
      await c.publishAsync(topic, Buffer.from(encodePayload(body)), { qos: 1 });
    await c.endAsync();
    expect(await count(h, "select count(*) from readings where device_id = ?", [paired.id])).toBe(2);
  });
});

describe("a message only ever fails itself", () => {
  it("refuses an event holding a bignum, a tag or a value-sharing cycle; the neighbour keeps its connection", async () => {
    const h = await hub();
    const poisoner = await h.pair(deviceInput("SENSOR"));
    const neighbour = await h.pair(fridgeInput());
    const bad = await connectRaw(h, poisoner);
    const good = await connectRaw(h, neighbour);
    let goodClosed = false;
    good.on("close", () => {
      goodClosed = true;
    });
    const eventTopic = deviceTopic(poisoner.id, "event");
    const poison = [
      // {"name":"x","data":{"n": 2(h'0100000000000000000000')}}: a bignum past 2^64
      "a2646e616d6561786464617461a1616ec24b0100000000000000000000",
      // {"name":"x","data": 28({"a": 29(0)})}: a map that holds itself
      "a2646e616d6561786464617461d81ca16161d81d00",
      // {"name":"x","data":{"t": 1(undefined)}}
      "a2646e616d6561786464617461a16174c1f7",
    ];
    for (const p of poison) {
      // Acknowledged and dropped (a resend would be the same poison), and counted.
      await bad.publishAsync(eventTopic, hex(p), { qos: 1 });
      await good.publishAsync(
        deviceTopic(neighbour.id, "telemetry"),
        Buffer.from(encodePayload({ temperature: 4 })),
        { qos: 1 },
      );
    }
    expect(h.metrics.rejectedCount("malformed_payload")).toBe(3);
    expect(await count(h, "select count(*) from readings where device_id = ?", [neighbour.id])).toBe(3);
    expect(
      await count(h, "select count(*) from device_logs where device_id = ? and type = 'event'", [
        poisoner.id,
      ]),
    ).toBe(0);
    expect(goodClosed).toBe(false);
    await bad.endAsync();
    await good.endAsync();
  });

  it("puts a device whose message fails storage in ERROR and counts it; its neighbours commit", async () => {
    const h = await hub();
    // A real storage failure for one message only: SQLite refuses this one log line.
    await h.storage.client.execute(
      "create trigger poison before insert on device_logs when new.message = 'poison' begin select raise(abort, 'poisoned'); end",
    );
    const sender = await h.pair(deviceInput("SENSOR"));
    const neighbours = await Promise.all([h.pair(fridgeInput()), h.pair(fridgeInput())]);
    const bad = await connectRaw(h, sender);
    const goods = await Promise.all(neighbours.map((n) => connectRaw(h, n)));
    // Sent together so that they share a group commit. The poison is acknowledged and dropped:
    // it failed on its own, so a resend would fail the same way.
    await Promise.all([
      bad.publishAsync(
        deviceTopic(sender.id, "event"),
        Buffer.from(encodePayload({ name: "x", message: "poison" })),
        {
          qos: 1,
        },
      ),
      ...goods.map((g, i) =>
        g.publishAsync(
          deviceTopic(neighbours[i]!.id, "telemetry"),
          Buffer.from(encodePayload({ temperature: 3 })),
          {
            qos: 1,
          },
        ),
      ),
    ]);
    await eventually(async () => (await status(h, sender.id)) === "ERROR");
    expect(h.metrics.rejectedCount("storage_failed")).toBe(1);
    expect(await count(h, "select count(*) from readings")).toBe(2);
    for (const c of [bad, ...goods]) expect(c.connected).toBe(true);
    await Promise.all([bad, ...goods].map((c) => c.endAsync()));
  });
});

describe("persistent sessions", () => {
  it("delivers commands to a device that reconnects with clean_session = 0 and sends no SUBSCRIBE", async () => {
    const h = await hub();
    const paired = await h.pair(deviceInput("HEATER"));
    const first = await connectRaw(h, paired, { clean: false });
    await first.subscribeAsync(deviceTopic(paired.id, "cmd"), { qos: 1 });
    await first.endAsync();

    const again = await connectRaw(h, paired, { clean: false });
    const received = new Promise<Buffer>((r) => again.once("message", (_t, payload) => r(payload)));
    const sent = await sendJson<{ id: string }>(
      "POST",
      `${h.httpUrl}/api/devices/${paired.id}/commands`,
      { name: "switch", args: { on: true } },
      h,
    );
    expect(sent.status).toBe(201);
    expect((await received).length).toBeGreaterThan(0);
    await eventually(
      async () =>
        (
          await getJson<{ status: string }>(
            `${h.httpUrl}/api/devices/${paired.id}/commands/${sent.body.id}`,
            h,
          )
        ).body.status === "SENT",
    );
    await again.endAsync();
  });
});
