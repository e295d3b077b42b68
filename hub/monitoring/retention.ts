/** Retention: raw readings and minute rollups are kept 400 days (over a year), hour rollups for good. */
import { and, eq, lt, sql } from "drizzle-orm";
import { equipment, type HubDb, latestReadings, readings, rollups } from "../db/index.ts";

export const RAW_RETENTION_MS = 400 * 24 * 3600_000;

/** Rows deleted per statement: each delete is a short transaction, so ingest never waits long. */
const CHUNK = 5000;

/**
 * Deletes what has aged out; the hour rollups that summarise it stay. Returns the rows deleted.
 * Readings are deleted unit by unit on the (equipment, ts) index, in chunks: a plain
 * `ts < cutoff` would scan every reading of every unit and hold the write lock throughout.
 */
export async function pruneReadings(
  db: HubDb,
  now: number,
): Promise<{ readings: number; minuteRollups: number }> {
  const cutoff = now - RAW_RETENTION_MS;
  // Every unit that has readings has a latest_readings row (a distinct over readings would scan them all).
  const units = await db
    .select({ id: equipment.id })
    .from(equipment)
    .union(db.select({ id: latestReadings.equipmentId }).from(latestReadings));
  const ids = units.map((u) => u.id);
  let raw = 0;
  for (const id of ids) {
    for (;;) {
      const res = await db.run(
        sql`delete from ${readings} where ${readings.id} in (select ${readings.id} from ${readings} where ${readings.equipmentId} = ${id} and ${readings.ts} < ${cutoff} limit ${CHUNK})`,
      );
      raw += res.rowsAffected;
      if (res.rowsAffected < CHUNK) break;
    }
  }
  const minute = await db
    .delete(rollups)
    .where(and(eq(rollups.resolution, "minute"), lt(rollups.bucket, cutoff)));
  return { readings: raw, minuteRollups: minute.rowsAffected };
}
