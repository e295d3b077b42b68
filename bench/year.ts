/**
 * A year of data: a hub holding one reading a minute for 20 units over a year (about 10.5 million
 * rows), generated in SQL. Reports start-up time, GET /api/equipment latency (HTTP when the route
 * answers without credentials, the verb behind it otherwise), a one-year food-safety report's time
 * and peak heap, and the retention prune's time. YEAR_UNITS and YEAR_DAYS shrink it for a quick look.
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDb } from "../hub/db/index.ts";
import { pairDevice } from "../hub/devices/index.ts";
import { createHub } from "../hub/hub.ts";
import { foodSafetyReport, listEquipment, pruneReadings, RAW_RETENTION_MS } from "../hub/monitoring/index.ts";
import { systemClock } from "../shared/clock/index.ts";

const MIN = 60_000;
const DAY = 24 * 60 * MIN;

export interface YearResult {
  units: number;
  rows: number;
  fillS: number;
  fileMiB: number;
  startupMs: number;
  equipmentMs: { p50: number; max: number; via: string };
  reportMs: number;
  reportPeakHeapMiB: number;
  reportReadings: number;
  pruneMs: number;
  pruned: number;
}

const ms = (since: number) => performance.now() - since;

export async function runYearBench(
  units = Number(process.env.YEAR_UNITS ?? 20),
  days = Number(process.env.YEAR_DAYS ?? 365),
): Promise<YearResult> {
  const dir = mkdtempSync(join(tmpdir(), "outpost-year-"));
  try {
    const now = Date.now();
    const start = now - days * DAY;
    const perUnit = days * 24 * 60;
    const storage = await openDb(join(dir, "hub.db"), { synchronous: "NORMAL" });
    const ids: { deviceId: string; equipmentId: string }[] = [];
    for (let i = 0; i < units; i++) {
      const p = await pairDevice(
        { db: storage.db, clock: { now: () => start - DAY } },
        { kind: "FRIDGE", name: `Year fridge ${i}`, equipment: { optimalMin: 0, optimalMax: 5 } },
      );
      ids.push({ deviceId: p.id, equipmentId: p.equipmentId! });
    }
    const w = storage.writer!;
    const fillStart = performance.now();
    for (const { deviceId, equipmentId } of ids) {
      // One a minute, about 4 °C with a daily swing, and a warm hour every ten days.
      w.run([
        {
          sql: `with recursive m(i) as (select 0 union all select i + 1 from m where i + 1 < ?)
                insert into readings (equipment_id, device_id, device_ts, received_at, ts, temperature, door_open)
                select ?, ?, ? + i * 60000, ? + i * 60000 + 150, ? + i * 60000,
                       case when i % 14400 < 60 then 7.5 else 4 + ((i % 1440) - 720) / 720.0 end, 0 from m`,
          params: [perUnit, equipmentId, deviceId, start, start, start],
        },
        {
          sql: `insert into latest_readings (equipment_id, reading_id) values (?, last_insert_rowid())
                on conflict (equipment_id) do update set reading_id = excluded.reading_id`,
          params: [equipmentId],
        },
        {
          sql: `insert into rollups (equipment_id, resolution, bucket, min, max, sum, count)
                select equipment_id, 'hour', ts - ts % 3600000, min(temperature), max(temperature), sum(temperature), count(*)
                from readings where equipment_id = ? group by ts - ts % 3600000`,
          params: [equipmentId],
        },
      ]);
    }
    const fillS = ms(fillStart) / 1000;
    storage.close();
    const fileMiB = statSync(join(dir, "hub.db")).size / 2 ** 20;

    const startAt = performance.now();
    const hub = await createHub({ dataDir: dir, host: "127.0.0.1", mqttPort: 0, httpPort: 0 });
    const startupMs = ms(startAt);

    const probe = await fetch(`${hub.httpUrl}/api/equipment`);
    await probe.body?.cancel();
    const viaHttp = probe.ok;
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      if (viaHttp) await (await fetch(`${hub.httpUrl}/api/equipment`)).json();
      else await listEquipment(hub.storage.db);
      times.push(ms(t));
    }
    times.sort((a, b) => a - b);

    (globalThis as { gc?: () => void }).gc?.();
    const baseHeap = process.memoryUsage().heapUsed;
    let peakHeap = baseHeap;
    const sampler = setInterval(() => {
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    }, 2);
    const reportAt = performance.now();
    const report = await foodSafetyReport(hub.storage.db, {
      equipmentId: ids[0]!.equipmentId,
      from: start,
      to: now,
    });
    const reportMs = ms(reportAt);
    clearInterval(sampler);

    // 65 days on, the first month of the year has aged past the 400-day retention.
    const pruneAt = performance.now();
    const pruned = await pruneReadings(hub.storage.db, start + RAW_RETENTION_MS + 30 * DAY);
    const pruneMs = ms(pruneAt);
    await hub.close();
    return {
      units,
      rows: units * perUnit,
      fillS,
      fileMiB,
      startupMs,
      equipmentMs: {
        p50: times[10]!,
        max: times[19]!,
        via: viaHttp ? "HTTP" : "verb (route needs credentials)",
      },
      reportMs,
      reportPeakHeapMiB: (peakHeap - baseHeap) / 2 ** 20,
      reportReadings: report.readings,
      pruneMs,
      pruned: pruned.readings,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
