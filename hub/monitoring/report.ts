/** The food-safety temperature record of one unit over a period: time in range, excursions, acknowledgements, actions. */
import { and, asc, eq, gte, isNotNull, lt, lte, or } from "drizzle-orm";
import { AppError } from "../../shared/errors/index.ts";
import { alarms, type HubDb, readings } from "../db/index.ts";
import { findEquipment } from "./equipment.ts";

/** A reading stands for at most this long; past it, and until the next reading, there is no data. */
export const MAX_READING_HOLD_MS = 15 * 60_000;

export interface Excursion {
  direction: "HIGH" | "LOW";
  start: number;
  /** The first reading back in range; null when the period ended still out of range. */
  end: number | null;
  durationMs: number;
  peak: number;
}

export interface FoodSafetyReport {
  equipment: {
    id: string;
    name: string;
    type: string;
    optimalMin: number;
    optimalMax: number;
    location: string | null;
  };
  from: number;
  to: number;
  readings: number;
  coveredMs: number;
  gapMs: number;
  inRangeMs: number;
  /** Share of the covered time in range, in percent with two decimals; null without data. */
  timeInRangePct: number | null;
  min: number | null;
  max: number | null;
  mean: number | null;
  excursions: Excursion[];
  alarms: (typeof alarms.$inferSelect)[];
}

interface Point {
  ts: number;
  t: number;
}

/** Pure part: time-weighted figures and excursions from readings sorted by time. */
export function summarise(
  points: readonly Point[],
  range: { min: number; max: number },
  from: number,
  to: number,
) {
  let covered = 0;
  let inRange = 0;
  const excursions: Excursion[] = [];
  let open: Excursion | null = null;
  points.forEach((p, i) => {
    const next = points[i + 1]?.ts ?? to;
    const held = Math.max(0, Math.min(next, p.ts + MAX_READING_HOLD_MS, to) - p.ts);
    covered += held;
    const direction = p.t > range.max ? "HIGH" : p.t < range.min ? "LOW" : null;
    if (!direction) inRange += held;
    if (open && open.direction !== direction) {
      open.end = p.ts;
      open.durationMs = p.ts - open.start;
      open = null;
    }
    if (direction && !open) {
      open = { direction, start: p.ts, end: null, durationMs: 0, peak: p.t };
      excursions.push(open);
    }
    if (open) open.peak = direction === "HIGH" ? Math.max(open.peak, p.t) : Math.min(open.peak, p.t);
  });
  if (open) (open as Excursion).durationMs = to - (open as Excursion).start;
  const temps = points.map((p) => p.t);
  return {
    readings: points.length,
    coveredMs: covered,
    gapMs: to - from - covered,
    inRangeMs: inRange,
    timeInRangePct: covered > 0 ? Math.round((inRange / covered) * 10_000) / 100 : null,
    min: temps.length ? Math.min(...temps) : null,
    max: temps.length ? Math.max(...temps) : null,
    mean: temps.length ? Math.round((temps.reduce((a, b) => a + b, 0) / temps.length) * 100) / 100 : null,
    excursions,
  };
}

export async function foodSafetyReport(
  db: HubDb,
  input: { equipmentId: string; from: number; to: number },
): Promise<FoodSafetyReport> {
  if (input.to <= input.from) throw new AppError("VALIDATION_ERROR", "the period must end after it starts");
  const e = await findEquipment(db, input.equipmentId);
  const rows = await db
    .select({ ts: readings.ts, t: readings.temperature })
    .from(readings)
    .where(
      and(
        eq(readings.equipmentId, e.id),
        gte(readings.ts, input.from),
        lt(readings.ts, input.to),
        isNotNull(readings.temperature),
      ),
    )
    .orderBy(asc(readings.ts), asc(readings.id));
  const points = rows.map((r) => ({ ts: r.ts, t: r.t as number }));
  const overlapping = await db
    .select()
    .from(alarms)
    .where(
      and(
        eq(alarms.equipmentId, e.id),
        lt(alarms.raisedAt, input.to),
        or(gte(alarms.clearedAt, input.from), lte(alarms.raisedAt, input.to)),
      ),
    )
    .orderBy(asc(alarms.raisedAt));
  return {
    equipment: {
      id: e.id,
      name: e.name,
      type: e.type,
      optimalMin: e.optimalMin,
      optimalMax: e.optimalMax,
      location: e.locationName,
    },
    from: input.from,
    to: input.to,
    ...summarise(points, { min: e.optimalMin, max: e.optimalMax }, input.from, input.to),
    alarms: overlapping.filter((a) => a.clearedAt === null || a.clearedAt >= input.from),
  };
}
