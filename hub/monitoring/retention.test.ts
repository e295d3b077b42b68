import { afterEach, describe, expect, it } from "vitest";
import { eventually, fridgeInput, startTestHub, type TestHub } from "../testing.ts";
import { pruneReadings, RAW_RETENTION_MS } from "./retention.ts";
import { readRollups } from "./rollups.ts";
import { type Bench, MIN, startBench, T0 } from "./testing.ts";

let b: Bench | undefined;
let hub: TestHub | undefined;
afterEach(async () => {
  b?.destroy();
  b = undefined;
  await hub?.destroy();
  hub = undefined;
});

const insertReadings = `with recursive m(i) as (select 0 union all select i + 1 from m where i + 1 < ?)
  insert into readings (equipment_id, device_id, received_at, ts, temperature)
  select ?, ?, ? + i * ?, ? + i * ?, 4 from m`;

describe("retention", () => {
  it("keeps a year of raw readings, then keeps only hour rollups", async () => {
    b = await startBench({ optimalMin: 0, optimalMax: 5 });
    await b.at(0, { temperature: 4 });
    await b.at(60, { temperature: 3 });
    const later = T0 + RAW_RETENTION_MS + 30 * MIN;
    const deleted = await pruneReadings(b.storage.db, later);
    expect(deleted).toEqual({ readings: 1, minuteRollups: 1 });
    expect((await b.rows("select temperature from readings")).map((r) => r.temperature)).toEqual([3]);
    // The aged minute was folded into its hour row before it went; the kept one still makes its hour.
    const stored = await b.rows("select resolution, bucket, count from rollups order by resolution, bucket");
    expect(stored.map((r) => [r.resolution, r.bucket, r.count])).toEqual([
      ["hour", T0, 1],
      ["minute", T0 + 60 * MIN, 1],
    ]);
    const hours = await readRollups(b.storage.db, {
      equipmentId: b.equipmentId,
      resolution: "hour",
      from: T0,
      to: T0 + 2 * 60 * MIN,
      limit: 10,
    });
    expect(hours.map((h) => [h.ts, h.min, h.count])).toEqual([
      [T0, 4, 1],
      [T0 + 60 * MIN, 3, 1],
    ]);
  });

  it("folds aged minutes into their hours across chunk and retention edges without counting one twice", async () => {
    b = await startBench({ optimalMin: 0, optimalMax: 5 });
    // 12,000 minutes (past two chunks of 5,000), temperature = minute index % 7.
    await b.storage.client.execute({
      sql: `with recursive m(i) as (select 0 union all select i + 1 from m where i + 1 < 12000)
            insert into rollups (equipment_id, resolution, bucket, min, max, sum, count)
            select ?, 'minute', ? + i * ?, i % 7, i % 7, i % 7, 1 from m`,
      args: [b.equipmentId, T0, MIN],
    });
    const read = () =>
      readRollups(b!.storage.db, {
        equipmentId: b!.equipmentId,
        resolution: "hour",
        from: T0,
        to: T0 + 12000 * MIN,
        limit: 1000,
      });
    const before = await read();
    expect(before).toHaveLength(200);
    // The cutoff falls mid-hour (minute 10,530): that hour is part stored, part minutes.
    await pruneReadings(b.storage.db, T0 + RAW_RETENTION_MS + 10_530 * MIN);
    expect(await b.rows("select count(*) n from rollups where resolution = 'minute'")).toEqual([{ n: 1470 }]);
    expect(await read()).toEqual(before);
  });

  it("deletes every aged reading of interleaved units, late arrivals too, across many chunks", async () => {
    b = await startBench({ optimalMin: 0, optimalMax: 5 });
    const other = { equipmentId: "other-unit", deviceId: "other-device" };
    // Two units interleaved as ingest writes them: 12,000 aged minutes each, then 3,000 kept.
    for (let start = 0; start < 15_000; start += 1000) {
      for (const u of [b, other]) {
        await b.storage.client.execute({
          sql: insertReadings,
          args: [1000, u.equipmentId, u.deviceId, T0 + start * MIN, MIN, T0 + start * MIN, MIN],
        });
      }
    }
    // A reading buffered by its device arrives after the kept ones with an aged time.
    await b.storage.client.execute({
      sql: insertReadings,
      args: [3, b.equipmentId, b.deviceId, T0 + 100 * MIN, MIN, T0 + 100 * MIN, MIN],
    });
    const now = T0 + 12_000 * MIN + RAW_RETENTION_MS;
    const deleted = await pruneReadings(b.storage.db, now);
    expect(deleted.readings).toBe(2 * 12_000 + 3);
    const left = await b.rows(
      "select equipment_id, count(*) n, min(ts) first from readings group by equipment_id order by equipment_id",
    );
    expect(left).toEqual(
      [b.equipmentId, other.equipmentId]
        .sort()
        .map((id) => expect.objectContaining({ equipment_id: id, n: 3000, first: T0 + 12_000 * MIN })),
    );
  });

  it("stops between chunks when asked", async () => {
    b = await startBench({ optimalMin: 0, optimalMax: 5 });
    await b.storage.client.execute({
      sql: insertReadings,
      args: [12_000, b.equipmentId, b.deviceId, T0, MIN, T0, MIN],
    });
    let asked = 0;
    const deleted = await pruneReadings(b.storage.db, T0 + RAW_RETENTION_MS + 12_000 * MIN, {
      stopping: () => ++asked > 1,
    });
    expect(deleted.readings).toBe(5000);
    expect((await b.rows("select count(*) n from readings"))[0]!.n).toBe(7000);
  });

  it("runs in the hub after start and again on schedule; the hour rollups stay", async () => {
    hub = await startTestHub({ retention: { firstAfterMs: 10, everyMs: 50 } });
    const paired = await hub.pair(fridgeInput());
    const aged = Date.now() - RAW_RETENTION_MS - 24 * 60 * MIN;
    const addAged = () =>
      hub!.storage.client.execute({
        sql: insertReadings,
        args: [500, paired.equipmentId!, paired.id, aged, MIN, aged, MIN],
      });
    const count = async (where: string) =>
      Number((await hub!.storage.client.execute(`select count(*) n from ${where}`)).rows[0]!.n);
    await addAged();
    await hub.storage.client.execute({
      sql: `insert into rollups (equipment_id, resolution, bucket, min, max, sum, count) values
            (?, 'minute', ?, 4, 4, 4, 1)`,
      args: [paired.equipmentId!, aged],
    });
    await hub.storage.client.execute({
      sql: insertReadings,
      args: [5, paired.equipmentId!, paired.id, Date.now() - 10 * MIN, MIN, Date.now() - 10 * MIN, MIN],
    });
    await eventually(async () => (await count("readings")) === 5 && (await count("rollups")) === 1, 20_000);
    // The schedule keeps running: aged readings that appear later go too.
    await addAged();
    await eventually(async () => (await count("readings")) === 5, 20_000);
    expect(await count("rollups where resolution = 'hour'")).toBe(1);
  });
});
