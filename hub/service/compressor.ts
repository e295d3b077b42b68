/**
 * Evidence that a compressor is failing before the food warms, from the readings the hub already keeps:
 * per day, the duty cycle (share of readings with the compressor on) and the mean minutes after a door
 * closes until the temperature is back to where it was before it opened. A steady climb over days is
 * reported once as `equipment.compressor.degrading`; the cloud turns it into one service request.
 */
import { and, asc, eq, gte, isNotNull, lt, sql } from "drizzle-orm";
import type { Clock } from "../../shared/clock/index.ts";
import { localTime, startOfLocalDay } from "../../shared/clock/index.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import { buildEvent } from "../../shared/events/index.ts";
import { equipment, equipmentHistory, type HubDb, readings } from "../db/index.ts";
import { siteTimeZone } from "../desired-state/index.ts";
import { writeWithEvent } from "../outbox/index.ts";

const DAY_MS = 24 * 3600_000;
export const WINDOW_DAYS = 10;
/** A day counts with at least this many readings that state the compressor (about one every 10 minutes). */
const MIN_READINGS_A_DAY = 144;
/** Back "where it was": within this of the temperature before the door opened, °C. */
const RECOVERED_WITHIN = 0.5;
/** The trend that is reported: ≥ 1 point of duty cycle a day, a steady climb (r² ≥ 0.6), ≥ 8 points in all, on ≥ 7 days. */
const MIN_SLOPE = 0.01;
const MIN_R2 = 0.6;
const MIN_RISE = 0.08;
const MIN_DAYS = 7;

export interface Reading {
  ts: number;
  temperature: number | null;
  doorOpen: boolean | null;
  compressorOn: boolean | null;
}

export interface DayFigures {
  day: string;
  dutyCycle: number;
  recoveryMinutes: number | null;
}

const QUARTER_HOUR_MS = 15 * 60_000;

/** `YYYY-MM-DD` of `ts` in `zone`, looked up once per quarter hour (every zone's offset is a multiple of it). */
function dayKeys(zone: string) {
  const cache = new Map<number, string>();
  return (ts: number) => {
    const q = Math.floor(ts / QUARTER_HOUR_MS);
    let key = cache.get(q);
    if (key === undefined) {
      const t = localTime(q * QUARTER_HOUR_MS, zone);
      key = `${t.year}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}`;
      cache.set(q, key);
    }
    return key;
  };
}

/**
 * Figures for each day of the site's time zone with enough readings, oldest first (a night's running belongs
 * to the day the shop lived it, not to a UTC date); readings must be in time order.
 */
export function dailyFigures(rows: readonly Reading[], zone = "UTC"): DayFigures[] {
  const days = new Map<string, { on: number; known: number; recoveries: number[] }>();
  const dayOf = dayKeys(zone);
  const bucket = (ts: number) => {
    const key = dayOf(ts);
    const found = days.get(key);
    if (found) return found;
    const fresh = { on: 0, known: 0, recoveries: [] as number[] };
    days.set(key, fresh);
    return fresh;
  };
  let lastTemp: number | null = null;
  let door = false;
  let before: number | null = null;
  let closedAt: number | null = null;
  for (const r of rows) {
    const d = bucket(r.ts);
    if (r.compressorOn !== null) {
      d.known++;
      if (r.compressorOn) d.on++;
    }
    if (r.doorOpen === true && !door) {
      door = true;
      before = lastTemp;
      closedAt = null;
    } else if (r.doorOpen === false && door) {
      door = false;
      closedAt = r.ts;
    }
    if (
      !door &&
      closedAt !== null &&
      before !== null &&
      r.temperature !== null &&
      r.temperature <= before + RECOVERED_WITHIN
    ) {
      bucket(closedAt).recoveries.push((r.ts - closedAt) / 60_000);
      closedAt = null;
      before = null;
    }
    if (r.temperature !== null) lastTemp = r.temperature;
  }
  return [...days.entries()]
    .filter(([, d]) => d.known >= MIN_READINGS_A_DAY)
    .map(([day, d]) => ({
      day,
      dutyCycle: d.on / d.known,
      recoveryMinutes: d.recoveries.length
        ? d.recoveries.reduce((a, b) => a + b, 0) / d.recoveries.length
        : null,
    }))
    .sort((a, b) => a.day.localeCompare(b.day));
}

/** Least-squares slope per day and r² of `ys` over day indexes `xs`. */
export function trend(xs: readonly number[], ys: readonly number[]): { slope: number; r2: number } {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { slope, r2: sxx === 0 || syy === 0 ? 0 : (sxy * sxy) / (sxx * syy) };
}

/** The reportable climb in `days`, or null: duty cycle rising steadily, recovery not getting shorter. */
export function degrading(days: readonly DayFigures[]): { slope: number } | null {
  if (days.length < MIN_DAYS) return null;
  const index = (d: DayFigures) => (Date.parse(d.day) - Date.parse(days[0]!.day)) / DAY_MS;
  const duty = trend(
    days.map(index),
    days.map((d) => d.dutyCycle),
  );
  const rise = days[days.length - 1]!.dutyCycle - days[0]!.dutyCycle;
  if (duty.slope < MIN_SLOPE || duty.r2 < MIN_R2 || rise < MIN_RISE) return null;
  const known = days.filter((d) => d.recoveryMinutes !== null);
  if (
    known.length >= 3 &&
    trend(
      known.map(index),
      known.map((d) => d.recoveryMinutes!),
    ).slope < 0
  )
    return null;
  return { slope: duty.slope };
}

/**
 * Checks every unit over the last WINDOW_DAYS whole days of the site's time zone and reports a climb once: the report and an
 * equipment-history line go together, guarded so a unit is reported again only after a whole window.
 */
export async function checkCompressors(deps: {
  db: HubDb;
  clock: Clock;
  source(): EventEnvelope["source"];
}): Promise<number> {
  const now = deps.clock.now();
  const zone = await siteTimeZone(deps.db);
  const to = startOfLocalDay(now, zone);
  // Noon of the first day, then its midnight: right across a daylight-saving change in the window.
  const from = startOfLocalDay(to - WINDOW_DAYS * DAY_MS + DAY_MS / 2, zone);
  const units = await deps.db.select({ id: equipment.id, name: equipment.name }).from(equipment);
  let reported = 0;
  for (const unit of units) {
    const rows = await deps.db
      .select({
        ts: readings.ts,
        temperature: readings.temperature,
        doorOpen: readings.doorOpen,
        compressorOn: readings.compressorOn,
      })
      .from(readings)
      .where(
        and(
          eq(readings.equipmentId, unit.id),
          gte(readings.ts, from),
          lt(readings.ts, to),
          isNotNull(readings.ts),
        ),
      )
      .orderBy(asc(readings.ts));
    const days = dailyFigures(rows, zone);
    const found = degrading(days);
    if (!found) continue;
    const event = buildEvent({
      type: "equipment.compressor.degrading",
      source: deps.source(),
      occurredAt: now,
      data: {
        equipmentId: unit.id,
        equipmentName: unit.name,
        days: days.map((d) => ({
          ...d,
          dutyCycle: Math.round(d.dutyCycle * 1000) / 1000,
          recoveryMinutes: d.recoveryMinutes === null ? null : Math.round(d.recoveryMinutes * 10) / 10,
        })),
        dutyCycleSlope: Math.round(found.slope * 10_000) / 10_000,
        detectedAt: new Date(now).toISOString(),
      },
    });
    const notYet = sql`SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM ${equipmentHistory} WHERE ${equipmentHistory.equipmentId} = ${unit.id}
      AND ${equipmentHistory.eventType} = 'compressor.degrading' AND ${equipmentHistory.occurredAt} > ${now - WINDOW_DAYS * DAY_MS})`;
    const wrote = await writeWithEvent(deps.db, {
      event,
      now,
      guard: notYet,
      change: [
        deps.db.run(
          sql`INSERT INTO ${equipmentHistory} (equipment_id, event_type, data, occurred_at)
              SELECT ${unit.id}, 'compressor.degrading', ${JSON.stringify(event.data)}, ${now} WHERE EXISTS (${notYet})`,
        ),
      ],
    });
    if (wrote) reported++;
  }
  return reported;
}
