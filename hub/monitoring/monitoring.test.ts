import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "../../shared/errors/index.ts";
import { pairDevice } from "../devices/index.ts";
import { acknowledgeAlarm, closeAlarm } from "./lifecycle.ts";
import { ReadingRecorder } from "./recorder.ts";
import { readRollups } from "./rollups.ts";
import { type Bench, MIN, startBench, T0 } from "./testing.ts";

const benches: Bench[] = [];
async function bench(...args: Parameters<typeof startBench>) {
  const b = await startBench(...args);
  benches.push(b);
  return b;
}
afterEach(() => {
  for (const b of benches.splice(0)) b.destroy();
});

const events = (b: Bench, type: string) =>
  b
    .rows(`select envelope from outbox where type = '${type}' order by seq`)
    .then((rs) => rs.map((r) => JSON.parse(String(r.envelope)).data));
const alarms = (b: Bench) => b.rows("select * from alarms order by raised_at");

describe("monitoring with an injected clock and a real SQLite file", () => {
  it("raises nothing for a 10-minute excursion under the 30-minute delay", async () => {
    const b = await bench();
    await b.each(0, 60, (m) => ({ temperature: m >= 10 && m < 20 ? 9 : 4 }));
    expect(await alarms(b)).toEqual([]);
    expect(await events(b, "equipment.alarm.raised")).toEqual([]);
  });

  it("raises one alarm for readings wandering ±0.2 °C around the limit, with one status change", async () => {
    const b = await bench();
    await b.each(0, 120, (m) => ({ temperature: m % 2 ? 4.8 : 5.2 }));
    const rows = await alarms(b);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: "HIGH_TEMPERATURE", status: "RAISED", raised_at: T0 + 30 * MIN });
    expect(await events(b, "equipment.status.changed")).toEqual([
      expect.objectContaining({ status: "ALARM", previous: "OK", activeAlarms: 1 }),
    ]);
  });

  it("keeps an excursion's progress across a restart", async () => {
    let b = await bench();
    await b.each(0, 20, () => ({ temperature: 9 }));
    b = await b.restart();
    benches.push(b);
    await b.each(20, 29, () => ({ temperature: 9 }));
    expect(await alarms(b)).toEqual([]);
    await b.each(29, 35, () => ({ temperature: 9 }));
    expect((await alarms(b)).map((a) => a.raised_at)).toEqual([T0 + 30 * MIN]);
  });

  it("writes no rule state for ordinary readings, and takes the newest reading time back on restart", async () => {
    let b = await bench();
    await b.each(0, 5, () => ({ temperature: 4 }));
    // Nothing but the reading time moved: no state row is written for it.
    expect(await b.rows("select * from monitoring_state")).toEqual([]);
    b = await b.restart();
    benches.push(b);
    // The restarted recorder knows the last reading came at minute 4: stale at 4 + 15, not before.
    await b.tick(18);
    expect(await alarms(b)).toEqual([]);
    await b.tick(19);
    expect((await alarms(b)).map((a) => [a.kind, a.raised_at])).toEqual([["SENSOR_STALE", T0 + 19 * MIN]]);
    // A reading older than the newest (a buffered one) does not move the rules back after a restart.
    b = await b.restart();
    benches.push(b);
    await b.at(3.5, { temperature: 4 });
    expect((await alarms(b)).map((a) => a.status)).toEqual(["RAISED"]);
  });

  it("masks a normal defrost", async () => {
    const b = await bench();
    await b.each(0, 120, (m) => ({ defrost: m >= 30 && m < 50, temperature: m >= 30 && m < 60 ? 10 : 3.5 }));
    expect(await alarms(b)).toEqual([]);
  });

  it("raises SENSOR_STALE from the clock, and a stale alarm clears on the next reading", async () => {
    const b = await bench();
    await b.at(0, { temperature: 4 });
    await b.tick(10);
    expect(await alarms(b)).toEqual([]);
    await b.tick(16);
    await b.tick(20);
    expect((await alarms(b)).map((a) => [a.kind, a.status])).toEqual([["SENSOR_STALE", "RAISED"]]);
    await b.at(21, { temperature: 4 });
    expect((await alarms(b)).map((a) => [a.kind, a.status])).toEqual([["SENSOR_STALE", "CLEARED"]]);
  });

  it("escalates an unacknowledged alarm once, and never an acknowledged one", async () => {
    const b = await bench();
    await b.each(0, 31, () => ({ temperature: 9 })); // raised at minute 30
    for (let m = 31; m <= 120; m++) {
      await b.at(m, { temperature: 9 }); // readings keep coming, so only the temperature alarm is open
      await b.tick(m);
      if (m === 59) expect(await events(b, "equipment.alarm.escalated")).toEqual([]);
    }
    const escalated = await events(b, "equipment.alarm.escalated");
    expect(escalated).toEqual([
      expect.objectContaining({
        kind: "HIGH_TEMPERATURE",
        escalatedAt: new Date(T0 + 60 * MIN).toISOString(),
      }),
    ]);
    expect((await alarms(b))[0]!.escalated_at).toBe(T0 + 60 * MIN);

    const quiet = await bench({ type: "FREEZER", optimalMin: -25, optimalMax: -15 });
    await quiet.each(0, 61, () => ({ temperature: -10 })); // freezer delay 60 min
    const [alarm] = await alarms(quiet);
    await acknowledgeAlarm(
      { db: quiet.storage.db, clock: quiet.clock, source: () => ({ siteId: "local", module: "monitoring" }) },
      { alarmId: String(alarm!.id), by: "Ana Ruiz", note: "moving stock to the walk-in" },
    );
    await quiet.tick(200);
    expect(await events(quiet, "equipment.alarm.escalated")).toEqual([]);
  });

  it("walks the lifecycle raised → acknowledged → cleared → closed, refusing impossible steps", async () => {
    const b = await bench();
    const ctx = {
      db: b.storage.db,
      clock: b.clock,
      source: () => ({ siteId: "local", module: "monitoring" as const }),
    };
    await b.each(0, 31, () => ({ temperature: 8 }));
    const alarmId = String((await alarms(b))[0]!.id);

    await expect(
      closeAlarm(ctx, { alarmId, by: "Ana", correctiveAction: "moved stock" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const acked = await acknowledgeAlarm(ctx, { alarmId, by: "Ana Ruiz", note: "door seal checked" });
    expect(acked).toMatchObject({ status: "ACKNOWLEDGED", acknowledgedBy: "Ana Ruiz" });
    await expect(acknowledgeAlarm(ctx, { alarmId, by: "Bob" })).rejects.toBeInstanceOf(AppError);

    await b.at(40, { temperature: 3 });
    expect((await alarms(b))[0]).toMatchObject({ status: "CLEARED", acknowledged_by: "Ana Ruiz" });
    await expect(closeAlarm(ctx, { alarmId, by: "Ana" })).rejects.toMatchObject({ code: "VALIDATION_ERROR" });
    const closed = await closeAlarm(ctx, {
      alarmId,
      by: "Ana Ruiz",
      correctiveAction: "discarded 4 kg of dairy",
    });
    expect(closed).toMatchObject({ status: "CLOSED", correctiveAction: "discarded 4 kg of dairy" });

    const types = (await b.rows("select type from outbox order by seq")).map((r) => r.type);
    expect(types).toEqual([
      // Pairing sends the unit's configured range up first.
      "equipment.configured",
      "equipment.alarm.raised",
      "equipment.status.changed",
      "equipment.alarm.acknowledged",
      "equipment.alarm.cleared",
      "equipment.status.changed",
      "equipment.alarm.closed",
    ]);
    const history = await b.rows(
      `select event_type from equipment_history where equipment_id = '${b.equipmentId}'`,
    );
    // Pairing created the unit through the equipment verb, with its history row first.
    expect(history.map((h) => h.event_type)).toEqual(["equipment.created", ...types.slice(1)]);
  });

  it("replaces implausible device times with hub time, flagged", async () => {
    const b = await bench();
    b.clock.set(T0);
    const send = (ts: number) =>
      b.recorder.record([{ deviceId: b.deviceId, telemetry: { ts, temperature: 4 }, receivedAt: T0 }]);
    await send(T0 - 30_000); // plausible: slightly behind the hub
    await send(0); // an unset clock: 1970, before pairing
    await send(T0 + 3600_000); // an hour ahead
    const rows = await b.rows("select ts, ts_flagged from readings order by id");
    expect(rows.map((r) => [r.ts, r.ts_flagged])).toEqual([
      [T0 - 30_000, 0],
      [T0, 1],
      [T0, 1],
    ]);
  });

  it("rolls readings up per minute and per hour", async () => {
    const b = await bench();
    for (const [sec, t] of [
      [0, 3],
      [20, 4],
      [40, 5],
      [70, 2],
    ] as const) {
      b.clock.set(T0 + sec * 1000);
      await b.recorder.record([
        { deviceId: b.deviceId, telemetry: { ts: b.clock.now(), temperature: t }, receivedAt: b.clock.now() },
      ]);
    }
    // Ingest stores minutes; hours are made from them when read.
    const rows = await b.rows(
      "select resolution, bucket, min, max, sum, count from rollups order by resolution, bucket",
    );
    expect(rows.map((r) => [r.resolution, r.bucket, r.min, r.max, r.sum, r.count])).toEqual([
      ["minute", T0, 3, 5, 12, 3],
      ["minute", T0 + MIN, 2, 2, 2, 1],
    ]);
    const read = (resolution: "minute" | "hour", from: number, to: number) =>
      readRollups(b.storage.db, { equipmentId: b.equipmentId, resolution, from, to, limit: 100 });
    expect(await read("hour", T0, T0 + 1)).toEqual([{ ts: T0, min: 2, max: 5, mean: 3.5, count: 4 }]);
    expect(await read("minute", T0 + 30_000, T0 + 2 * MIN)).toEqual([
      { ts: T0, min: 3, max: 5, mean: 4, count: 3 },
      { ts: T0 + MIN, min: 2, max: 2, mean: 2, count: 1 },
    ]);
  });

  it.each([
    ["the ingest writer's connection", true],
    ["the async client", false],
  ])(
    "keeps each unit's latest reading in step with its readings, batch after batch, through %s",
    async (_, sync) => {
      const b = await bench();
      const { db, writer } = b.storage;
      const more = [];
      for (const name of ["Freezer", "Bar fridge"])
        more.push(
          await pairDevice(
            { db, clock: b.clock },
            { kind: "FRIDGE", name, equipment: { optimalMin: 0, optimalMax: 5 } },
          ),
        );
      const recorder = new ReadingRecorder({
        db,
        connection: sync ? writer : null,
        clock: b.clock,
        source: () => ({ siteId: "local", module: "monitoring" }),
      });
      await recorder.load();
      const devices = [b.deviceId, ...more.map((p) => p.id)];
      // Uneven batches: units interleaved, several readings of one unit in a batch, a unit left out.
      for (let batch = 0; batch < 6; batch++) {
        const inputs = [];
        for (let i = 0; i < 2 + batch * 3; i++) {
          b.clock.advance(1000);
          const deviceId = devices[(i * (batch + 1)) % (batch === 3 ? 2 : 3)]!;
          inputs.push({
            deviceId,
            telemetry: { ts: b.clock.now(), temperature: 3 + (i % 4) },
            receivedAt: b.clock.now(),
          });
        }
        await recorder.record(inputs);
        const newest = await b.rows(
          "select equipment_id, max(id) as id from readings group by equipment_id order by equipment_id",
        );
        const latest = await b.rows(
          "select equipment_id, reading_id as id from latest_readings order by equipment_id",
        );
        expect(latest).toEqual(newest);
      }
    },
  );
});
