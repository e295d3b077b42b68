/**
 * Chart history from the site's minute rollups, and their retention (minutes 400 days, then hours for good);
 * a unit's latest-reading events are kept a day (the minutes hold the record; the tile only needs the newest).
 */
import { and, eq, lt, sql } from "drizzle-orm";
import type { HistoryRange, HistoryView } from "../../../shared/live/index.ts";
import { limitsOf } from "./read.ts";
import { equipment, events, readingsHour, readingsMinute } from "./schema.ts";
import type { LedgerDb } from "./types.ts";

const DAY_S = 86_400;
/** Latest-reading events (up to one per unit every 10 s) are superseded at once; a day of them is plenty. */
export const LATEST_READING_RETENTION_MS = DAY_S * 1000;
const RANGES: Record<HistoryRange, { seconds: number; resolution: "minute" | "hour" }> = {
  "24h": { seconds: DAY_S, resolution: "minute" },
  "7d": { seconds: 7 * DAY_S, resolution: "hour" },
  "30d": { seconds: 30 * DAY_S, resolution: "hour" },
};
export const MINUTE_RETENTION_DAYS = 400;

interface Row {
  t: number;
  min: number;
  max: number;
  mean: number;
}

/**
 * One unit's rollups over the range ending `now`, as column arrays: minutes for 24h; for 7d and 30d hour
 * aggregates computed in SQL (mean weighted by each minute's reading count).
 */
export function readHistory(
  db: LedgerDb,
  input: { equipmentId: string; range: HistoryRange; now: number },
): HistoryView {
  const { seconds, resolution } = RANGES[input.range];
  const from = Math.floor(input.now / 1000) - seconds;
  const rows: Row[] =
    resolution === "minute"
      ? db
          .select({
            t: readingsMinute.at,
            min: readingsMinute.min,
            max: readingsMinute.max,
            mean: readingsMinute.mean,
          })
          .from(readingsMinute)
          .where(and(eq(readingsMinute.equipmentId, input.equipmentId), sql`${readingsMinute.at} >= ${from}`))
          .orderBy(readingsMinute.at)
          .all()
      : db.all<Row>(sql`
          SELECT (at / 3600) * 3600 AS t, min(min) AS min, max(max) AS max,
                 sum(mean * count) / sum(count) AS mean
          FROM ${readingsMinute}
          WHERE equipment_id = ${input.equipmentId} AND at >= ${from}
          GROUP BY t ORDER BY t`);
  const unit = db
    .select({
      limitLow: equipment.limitLow,
      limitHigh: equipment.limitHigh,
      rangeLow: equipment.rangeLow,
      rangeHigh: equipment.rangeHigh,
    })
    .from(equipment)
    .where(eq(equipment.equipmentId, input.equipmentId))
    .get();
  return {
    equipmentId: input.equipmentId,
    resolution,
    t: rows.map((r) => r.t),
    min: rows.map((r) => r.min),
    max: rows.map((r) => r.max),
    mean: rows.map((r) => r.mean),
    limits: unit ? limitsOf(unit) : null,
  };
}

/**
 * Folds minute rollups older than the retention into hour rows, then deletes them, and drops latest-reading
 * events older than a day (their seqs are long behind the lane's cursor, so a resend stays a duplicate); in one
 * transaction.
 */
export function applyRetention(db: LedgerDb, now: number): void {
  const cutoff = Math.floor(now / 1000 / 3600) * 3600 - MINUTE_RETENTION_DAYS * DAY_S;
  db.transaction((tx) => {
    tx.run(sql`
      INSERT INTO ${readingsHour} (equipment_id, at, min, max, mean, count)
      SELECT equipment_id, (at / 3600) * 3600 AS hour, min(min), max(max), sum(mean * count) / sum(count), sum(count)
      FROM ${readingsMinute} WHERE at < ${cutoff} GROUP BY equipment_id, hour
      ON CONFLICT (equipment_id, at) DO UPDATE SET
        mean = (readings_hour.mean * readings_hour.count + excluded.mean * excluded.count)
               / (readings_hour.count + excluded.count),
        min = min(readings_hour.min, excluded.min),
        max = max(readings_hour.max, excluded.max),
        count = readings_hour.count + excluded.count`);
    tx.delete(readingsMinute).where(sql`${readingsMinute.at} < ${cutoff}`).run();
    tx.delete(events)
      .where(
        and(
          eq(events.type, "equipment.reading.latest"),
          lt(events.receivedAt, now - LATEST_READING_RETENTION_MS),
        ),
      )
      .run();
  });
}
