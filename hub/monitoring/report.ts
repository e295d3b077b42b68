/** The food-safety temperature record of one unit over a period: time in range, excursions, acknowledgements, actions. */
import { and, asc, eq, gte, lt, lte, or } from "drizzle-orm";
import { AppError } from "../../shared/errors/index.ts";
import type { FoodSafetyRecord } from "../../shared/records/food-safety.ts";
import { alarms, type HubDb } from "../db/index.ts";
import { openRowReader } from "../db/read-connection.ts";
import { findEquipment } from "./equipment.ts";
import { unitRecord } from "./record.ts";

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
  /** Hourly verdicts, gaps and excursions from the minute rollups: the computation the cloud's record uses. */
  record: FoodSafetyRecord;
}

interface Point {
  ts: number;
  t: number;
}

/**
 * Time-weighted figures and excursions from readings fed in time order, one at a time: memory
 * stays flat however long the period (a year at one a minute is half a million readings).
 */
export class Summary {
  private covered = 0;
  private inRange = 0;
  private count = 0;
  private sum = 0;
  private min = Number.POSITIVE_INFINITY;
  private max = Number.NEGATIVE_INFINITY;
  private readonly excursions: Excursion[] = [];
  private open: Excursion | null = null;
  private prev: Point | null = null;
  private readonly range: { min: number; max: number };
  private readonly to: number;
  private readonly from: number;

  constructor(range: { min: number; max: number }, from: number, to: number) {
    this.range = range;
    this.from = from;
    this.to = to;
  }

  add(p: Point): void {
    if (this.prev) this.hold(this.prev, p.ts);
    this.prev = p;
    this.count++;
    this.sum += p.t;
    if (p.t < this.min) this.min = p.t;
    if (p.t > this.max) this.max = p.t;
  }

  /** Accounts for `p` held until `next` (the next reading, or the period's end). */
  private hold(p: Point, next: number): void {
    const held = Math.max(0, Math.min(next, p.ts + MAX_READING_HOLD_MS, this.to) - p.ts);
    this.covered += held;
    const direction = p.t > this.range.max ? "HIGH" : p.t < this.range.min ? "LOW" : null;
    if (!direction) this.inRange += held;
    if (this.open && this.open.direction !== direction) {
      this.open.end = p.ts;
      this.open.durationMs = p.ts - this.open.start;
      this.open = null;
    }
    if (direction && !this.open) {
      this.open = { direction, start: p.ts, end: null, durationMs: 0, peak: p.t };
      this.excursions.push(this.open);
    }
    if (this.open)
      this.open.peak = direction === "HIGH" ? Math.max(this.open.peak, p.t) : Math.min(this.open.peak, p.t);
  }

  finish() {
    if (this.prev) this.hold(this.prev, this.to);
    this.prev = null;
    if (this.open) this.open.durationMs = this.to - this.open.start;
    const any = this.count > 0;
    return {
      readings: this.count,
      coveredMs: this.covered,
      gapMs: this.to - this.from - this.covered,
      inRangeMs: this.inRange,
      timeInRangePct: this.covered > 0 ? Math.round((this.inRange / this.covered) * 10_000) / 100 : null,
      min: any ? this.min : null,
      max: any ? this.max : null,
      mean: any ? Math.round((this.sum / this.count) * 100) / 100 : null,
      excursions: this.excursions,
    };
  }
}

/** Pure part: time-weighted figures and excursions from readings sorted by time. */
export function summarise(
  points: readonly Point[],
  range: { min: number; max: number },
  from: number,
  to: number,
) {
  const summary = new Summary(range, from, to);
  for (const p of points) summary.add(p);
  return summary.finish();
}

/** Readings are read in pages of this many, in (ts, id) order: the report never holds the period. */
const PAGE = 2000;

const PAGE_SQL =
  'select "id", "ts", "temperature" from "readings" where "equipment_id" = ? and "ts" >= ? and "ts" < ? ' +
  'and "temperature" is not null and ("ts" > ? or "id" > ?) order by "ts", "id" limit ?';

/** Lets ingest, which shares the thread, run between pages. */
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function foodSafetyReport(
  db: HubDb,
  input: { equipmentId: string; from: number; to: number },
): Promise<FoodSafetyReport> {
  if (input.to <= input.from) throw new AppError("VALIDATION_ERROR", "the period must end after it starts");
  const e = await findEquipment(db, input.equipmentId);
  const summary = new Summary({ min: e.optimalMin, max: e.optimalMax }, input.from, input.to);
  const reader = await openRowReader(db);
  try {
    // Keyset pages on the (equipment, ts) index; the first page's key is (from, -1), before any id.
    let afterTs = input.from;
    let afterId = -1;
    for (;;) {
      const page = await reader.rows(PAGE_SQL, [e.id, afterTs, input.to, afterTs, afterId, PAGE]);
      let n = 0;
      for (const r of page as Iterable<[number, number, number]>) {
        summary.add({ ts: r[1], t: r[2] });
        afterId = r[0];
        afterTs = r[1];
        n++;
      }
      if (n < PAGE) break;
      await yieldToOthers();
    }
  } finally {
    reader.close();
  }
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
  const inPeriod = overlapping.filter((a) => a.clearedAt === null || a.clearedAt >= input.from);
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
    ...summary.finish(),
    alarms: inPeriod,
    record: await unitRecord(db, e, input, inPeriod),
  };
}
