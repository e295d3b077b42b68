import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../shared/clock/index.ts";
import { openDb } from "../db/index.ts";
import { pairDevice } from "../devices/index.ts";
import { foodSafetyReport, summarise } from "./report.ts";
import { reportCsv, reportHtml } from "./report-format.ts";
import { type Bench, MIN, startBench, T0 } from "./testing.ts";

let b: Bench | undefined;
afterEach(() => b?.destroy());

describe("food-safety report", () => {
  it("reports a period longer than any in-memory spread allows (200,000 readings)", async () => {
    b = await startBench({ optimalMin: 0, optimalMax: 5 });
    const n = 200_000;
    // One reading a minute, 4 °C, but 6 °C in every 1000th minute.
    await b.storage.client.execute({
      sql: `with recursive m(i) as (select 0 union all select i + 1 from m where i + 1 < ?)
            insert into readings (equipment_id, device_id, received_at, ts, temperature)
            select ?, ?, ? + i * 60000, ? + i * 60000, case when i % 1000 = 999 then 6 else 4 end from m`,
      args: [n, b.equipmentId, b.deviceId, T0, T0],
    });
    // Ingest shares the thread: the report must let it run between pages, not hold the period at once.
    let turns = 0;
    let done = false;
    const turn = () => {
      turns++;
      if (!done) setImmediate(turn);
    };
    setImmediate(turn);
    const r = await foodSafetyReport(b.storage.db, {
      equipmentId: b.equipmentId,
      from: T0,
      to: T0 + n * MIN,
    }).finally(() => {
      done = true;
    });
    expect(turns).toBeGreaterThanOrEqual(n / 5000 - 1);
    expect(r.readings).toBe(n);
    expect(r.min).toBe(4);
    expect(r.max).toBe(6);
    expect(r.excursions).toHaveLength(200);
    expect(r.coveredMs).toBe(n * MIN);
  });

  it("gives the figures of the in-memory computation over a long, irregular period read in pages", async () => {
    b = await startBench({ optimalMin: 0, optimalMax: 5 });
    // Irregular gaps (some past the 15-minute hold), repeated timestamps across page boundaries,
    // readings without a temperature, and excursions both ways, some going straight from HIGH to LOW.
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const rows: { ts: number; t: number | null }[] = [];
    let ts = T0;
    for (let i = 0; i < 23_000; i++) {
      const roll = random();
      ts += roll < 0.3 ? 0 : roll < 0.97 ? Math.floor(random() * 5 * MIN) : Math.floor(random() * 40 * MIN);
      const t =
        random() < 0.02
          ? null
          : Math.round((random() < 0.9 ? 2 + random() * 2.5 : -4 + random() * 14) * 100) / 100;
      rows.push({ ts, t });
    }
    await b.storage.client.execute({
      sql: `insert into readings (equipment_id, device_id, received_at, ts, temperature)
            select ?, ?, value ->> '$.ts', value ->> '$.ts', value ->> '$.t' from json_each(?) order by key`,
      args: [b.equipmentId, b.deviceId, JSON.stringify(rows)],
    });
    const from = rows[500]!.ts;
    const to = rows[22_500]!.ts + 7 * MIN;
    const expected = summarise(
      rows.filter((r) => r.t !== null && r.ts >= from && r.ts < to) as { ts: number; t: number }[],
      { min: 0, max: 5 },
      from,
      to,
    );
    expect(expected.readings).toBeGreaterThan(3 * 5000);
    expect(expected.excursions.length).toBeGreaterThan(100);
    const r = await foodSafetyReport(b.storage.db, { equipmentId: b.equipmentId, from, to });
    expect(r).toMatchObject({ ...expected, excursions: expected.excursions });
  });

  it("reads an in-memory database (one connection only) through that connection", async () => {
    const storage = await openDb(":memory:");
    try {
      const p = await pairDevice(
        { db: storage.db, clock: new ManualClock(T0 - MIN) },
        { kind: "FRIDGE", name: "Memory fridge", equipment: { optimalMin: 0, optimalMax: 5 } },
      );
      await storage.client.execute({
        sql: `insert into readings (equipment_id, device_id, received_at, ts, temperature)
              values (?1, ?2, ?3, ?3, 4), (?1, ?2, ?3 + 600000, ?3 + 600000, 9)`,
        args: [p.equipmentId!, p.id, T0],
      });
      const r = await foodSafetyReport(storage.db, {
        equipmentId: p.equipmentId!,
        from: T0,
        to: T0 + 20 * MIN,
      });
      expect(r).toMatchObject({ readings: 2, inRangeMs: 10 * MIN, coveredMs: 20 * MIN, min: 4, max: 9 });
    } finally {
      storage.close();
    }
  });

  it("matches the hand-computed fixture", async () => {
    b = await startBench({ optimalMin: 0, optimalMax: 5 });
    // Readings every 10 minutes; each stands until the next one.
    // In range 0–20, 40–60, 70–80 = 50 min; high 20–40 (peak 8); low 60–70 (peak -1); covered 80 min.
    for (const [min, t] of [
      [0, 4],
      [10, 4],
      [20, 7],
      [30, 8],
      [40, 4],
      [50, 4],
      [60, -1],
      [70, 3],
    ] as const) {
      await b.at(min, { temperature: t });
    }
    const r = await foodSafetyReport(b.storage.db, {
      equipmentId: b.equipmentId,
      from: T0,
      to: T0 + 80 * MIN,
    });
    expect(r).toMatchObject({
      readings: 8,
      coveredMs: 80 * MIN,
      gapMs: 0,
      inRangeMs: 50 * MIN,
      timeInRangePct: 62.5,
      min: -1,
      max: 8,
      mean: 4.13, // 33 / 8 = 4.125
    });
    expect(r.excursions).toEqual([
      { direction: "HIGH", start: T0 + 20 * MIN, end: T0 + 40 * MIN, durationMs: 20 * MIN, peak: 8 },
      { direction: "LOW", start: T0 + 60 * MIN, end: T0 + 70 * MIN, durationMs: 10 * MIN, peak: -1 },
    ]);

    const csv = reportCsv(r);
    // Times in the site's zone to the minute (named once), whole minutes, words not enums.
    expect(csv).toContain("Above the limit,2026-06-01 08:20,2026-06-01 08:40,20,8");
    expect(reportCsv(r, "Europe/Stockholm")).toContain(
      "Above the limit,2026-06-01 10:20,2026-06-01 10:40,20,8",
    );
    expect(reportCsv(r, "Europe/Stockholm")).toContain("time zone,Europe/Stockholm");
    expect(csv).toContain("time in range %,62.5");
    const html = reportHtml(r);
    expect(html).toContain("Time in range: 62.5 %");
    expect(html).toContain("<td>Below the limit</td>");
    // Durations in words, times in the site's zone to the minute (no UTC milliseconds).
    expect(html).toContain("<td>20 min</td>");
    expect(html).not.toContain(".000Z");
    expect(html).toContain("(Fridge)");
    expect(html).toContain("limits 0.0 °C to 5.0 °C");
    expect(reportHtml(r, "Asia/Tokyo")).toContain("times in Asia/Tokyo");
  });

  it("counts gaps in the data as no data, not as time in range", () => {
    // Readings at 0 and 40 over an hour: each holds at most 15 min, so 30 min covered, 30 min without data.
    const r = summarise(
      [
        { ts: 0, t: 4 },
        { ts: 40 * MIN, t: 9 },
      ],
      { min: 0, max: 5 },
      0,
      60 * MIN,
    );
    expect(r).toMatchObject({
      coveredMs: 30 * MIN,
      gapMs: 30 * MIN,
      inRangeMs: 15 * MIN,
      timeInRangePct: 50,
    });
    expect(r.excursions).toEqual([
      { direction: "HIGH", start: 40 * MIN, end: null, durationMs: 20 * MIN, peak: 9 },
    ]);
  });

  it("escapes what people typed into the printable page and the CSV", async () => {
    b = await startBench({ optimalMin: 0, optimalMax: 5 });
    const r = await foodSafetyReport(b.storage.db, { equipmentId: b.equipmentId, from: T0, to: T0 + MIN });
    r.equipment.name = '<script>alert("x")</script>';
    expect(reportHtml(r)).not.toContain("<script>alert");
    r.equipment.name = "=HYPERLINK(1)";
    expect(reportCsv(r)).toContain("'=HYPERLINK(1)");
  });
});
