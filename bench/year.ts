/**
 * A year of data: a hub holding one reading a minute for 20 units over a year (about 10.5 million
 * rows), generated in SQL in the order ingest writes them (minute by minute, the units interleaved).
 * Reports start-up time, GET /api/equipment over HTTP on that hub and on a new one with the same
 * units, the food-safety report over a year and over a quarter (time, peak memory, longest stall of
 * the event loop), and the retention prune's time. YEAR_UNITS and YEAR_DAYS shrink it for a quick look.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDb } from "../hub/db/index.ts";
import { pairDevice } from "../hub/devices/index.ts";
import { createHub, type Hub } from "../hub/hub.ts";
import { foodSafetyReport, pruneReadings, RAW_RETENTION_MS } from "../hub/monitoring/index.ts";
import { ManualClock } from "../shared/clock/index.ts";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
/** Days generated per statement: about 290,000 rows for 20 units. */
const FILL_DAYS = 10;

export interface ReportRun {
  days: number;
  readings: number;
  ms: number;
  peakHeapMiB: number;
  peakRssMiB: number;
  longestStallMs: number;
}

export interface YearResult {
  units: number;
  rows: number;
  fillS: number;
  fileMiB: number;
  startupMs: number;
  /** GET /api/equipment with the admin token: on the year-old hub and on a new hub with the same units. */
  equipmentMs: { year: { p50: number; max: number }; fresh: { p50: number; max: number } };
  report: { year: ReportRun; quarter: ReportRun };
  pruneMs: number;
  pruned: number;
  /** Minute rollups folded into their hours and deleted. */
  prunedMinutes: number;
}

const ms = (since: number) => performance.now() - since;

/** A data folder with `units` fridges and one reading a minute for `days` days up to `now`. */
async function fill(dir: string, units: number, days: number, now: number) {
  const start = now - days * DAY;
  const storage = await openDb(join(dir, "hub.db"), { synchronous: "NORMAL" });
  const ids: { deviceId: string; equipmentId: string }[] = [];
  for (let i = 0; i < units; i++) {
    const p = await pairDevice(
      { db: storage.db, clock: new ManualClock(start - DAY) },
      { kind: "FRIDGE", name: `Year fridge ${i}`, equipment: { optimalMin: 0, optimalMax: 5 } },
    );
    ids.push({ deviceId: p.id, equipmentId: p.equipmentId! });
  }
  const unitsJson = JSON.stringify(ids.map((u) => ({ e: u.equipmentId, d: u.deviceId })));
  const w = storage.writer!;
  const perUnit = days * 24 * 60;
  for (let first = 0; first < perUnit; first += FILL_DAYS * 24 * 60) {
    const last = Math.min(perUnit, first + FILL_DAYS * 24 * 60);
    // About 4 °C with a daily swing, and a warm hour every ten days.
    w.run([
      {
        sql: `with recursive m(i) as (select ? union all select i + 1 from m where i + 1 < ?),
                   u(e, d) as (select value ->> '$.e', value ->> '$.d' from json_each(?))
              insert into readings (equipment_id, device_id, device_ts, received_at, ts, temperature, door_open)
              select u.e, u.d, ? + i * 60000, ? + i * 60000 + 150, ? + i * 60000,
                     case when i % 14400 < 60 then 7.5 else 4 + ((i % 1440) - 720) / 720.0 end, 0
              from m cross join u order by i`,
        params: [first, last, unitsJson, start, start, start],
      },
    ]);
  }
  for (const { equipmentId } of ids) {
    w.run([
      {
        sql: `insert into latest_readings (equipment_id, reading_id)
              select equipment_id, id from readings where equipment_id = ? order by ts desc, id desc limit 1`,
        params: [equipmentId],
      },
      {
        // Minute rollups, as ingest keeps them (hours are made from minutes when read; the prune folds
        // aged minutes into hour rows).
        sql: `insert into rollups (equipment_id, resolution, bucket, min, max, sum, count)
              select equipment_id, 'minute', ts - ts % 60000, min(temperature), max(temperature), sum(temperature), count(*)
              from readings where equipment_id = ? group by ts - ts % 60000`,
        params: [equipmentId],
      },
    ]);
  }
  storage.close();
  return { ids, start, rows: units * perUnit };
}

async function startHub(dir: string): Promise<Hub> {
  // The bench prunes on purpose; the hub's own schedule stays out of the way.
  return createHub({
    dataDir: dir,
    host: "127.0.0.1",
    mqttPort: 0,
    httpPort: 0,
    retention: { firstAfterMs: DAY },
  });
}

async function equipmentLatency(hub: Hub) {
  const headers = { authorization: `Bearer ${await hub.adminToken()}` };
  const times: number[] = [];
  // The first ten warm the JIT and the page cache up and are not counted.
  for (let i = 0; i < 31; i++) {
    const t = performance.now();
    const res = await fetch(`${hub.httpUrl}/api/equipment`, { headers });
    if (!res.ok) throw new Error(`GET /api/equipment answered ${res.status}`);
    await res.json();
    if (i >= 10) times.push(ms(t));
  }
  times.sort((a, b) => a - b);
  return { p50: times[10]!, max: times[19]! };
}

async function timedReport(hub: Hub, equipmentId: string, from: number, to: number): Promise<ReportRun> {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage();
  let peakHeap = base.heapUsed;
  let peakRss = base.rss;
  // A timer that notes memory and how long it waited: a report that never lets it run stalls for its whole length.
  let last = performance.now();
  let longestStall = 0;
  const sample = () => {
    const t = performance.now();
    longestStall = Math.max(longestStall, t - last);
    last = t;
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  };
  const sampler = setInterval(sample, 1);
  const at = performance.now();
  const report = await foodSafetyReport(hub.storage.db, { equipmentId, from, to });
  const took = ms(at);
  sample();
  clearInterval(sampler);
  return {
    days: Math.round((to - from) / DAY),
    readings: report.readings,
    ms: took,
    peakHeapMiB: (peakHeap - base.heapUsed) / 2 ** 20,
    peakRssMiB: (peakRss - base.rss) / 2 ** 20,
    longestStallMs: longestStall,
  };
}

export async function runYearBench(
  units = Number(process.env.YEAR_UNITS ?? 20),
  days = Number(process.env.YEAR_DAYS ?? 365),
): Promise<YearResult> {
  const dir = mkdtempSync(join(tmpdir(), "outpost-year-"));
  const freshDir = mkdtempSync(join(tmpdir(), "outpost-year-fresh-"));
  try {
    const now = Date.now();
    await fill(freshDir, units, 1 / 24, now);
    const fresh = await startHub(freshDir);
    const freshEquipment = await equipmentLatency(fresh);
    await fresh.close();

    const fillStart = performance.now();
    const { ids, start, rows } = await fill(dir, units, days, now);
    const fillS = ms(fillStart) / 1000;
    const fileMiB = statSync(join(dir, "hub.db")).size / 2 ** 20;

    const startAt = performance.now();
    const hub = await startHub(dir);
    const startupMs = ms(startAt);
    const yearEquipment = await equipmentLatency(hub);

    const unit = ids[0]!.equipmentId;
    const quarter = await timedReport(hub, unit, now - Math.min(days, 91) * DAY, now);
    const year = await timedReport(hub, unit, start, now);

    // 65 days on, the first month of the year has aged past the 400-day retention.
    const pruneAt = performance.now();
    const pruned = await pruneReadings(hub.storage.db, start + RAW_RETENTION_MS + 30 * DAY);
    const pruneMs = ms(pruneAt);
    await hub.close();
    return {
      units,
      rows,
      fillS,
      fileMiB,
      startupMs,
      equipmentMs: { year: yearEquipment, fresh: freshEquipment },
      report: { year, quarter },
      pruneMs,
      pruned: pruned.readings,
      prunedMinutes: pruned.minuteRollups,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(freshDir, { recursive: true, force: true });
  }
}
