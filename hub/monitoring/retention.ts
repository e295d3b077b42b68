/** Retention: raw readings and minute rollups are kept 400 days (over a year), hour rollups for good. */
import { and, eq, lt } from "drizzle-orm";
import { type HubDb, readings, rollups } from "../db/index.ts";

export const RAW_RETENTION_MS = 400 * 24 * 3600_000;

/** Deletes what has aged out; the hour rollups that summarise it stay. Returns the rows deleted. */
export async function pruneReadings(
  db: HubDb,
  now: number,
): Promise<{ readings: number; minuteRollups: number }> {
  const cutoff = now - RAW_RETENTION_MS;
  const [raw, minute] = await db.batch([
    db.delete(readings).where(lt(readings.ts, cutoff)),
    db.delete(rollups).where(and(eq(rollups.resolution, "minute"), lt(rollups.bucket, cutoff))),
  ]);
  return { readings: raw.rowsAffected, minuteRollups: minute.rowsAffected };
}
