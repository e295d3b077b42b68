/**
 * The hub's side of the shared food-safety record: its minute rollups (exactly the minutes `rollup-feed` sends
 * up, mean = sum / count), its configured range and its alarms, through the computation the cloud uses.
 */
import { and, asc, eq, gte, lt } from "drizzle-orm";
import {
  buildFoodSafetyRecord,
  type FoodSafetyRecord,
  type RecordAlarm,
} from "../../shared/records/food-safety.ts";
import { type alarms, type HubDb, rollups } from "../db/index.ts";

type AlarmRow = typeof alarms.$inferSelect;

export function recordAlarm(a: AlarmRow): RecordAlarm {
  return {
    alarmId: a.id,
    kind: a.kind,
    raisedAt: a.raisedAt,
    temperature: a.triggerTemperature,
    peak: a.peakTemperature,
    acknowledgedAt: a.acknowledgedAt,
    acknowledgedBy: a.acknowledgedBy,
    note: a.acknowledgementNote,
    clearedAt: a.clearedAt,
    closedAt: a.closedAt,
    closedBy: a.closedBy,
    correctiveAction: a.correctiveAction,
  };
}

/** The record of `[from, to)` for a unit whose range and alarms the caller has read. */
export async function unitRecord(
  db: HubDb,
  unit: { id: string; name: string; optimalMin: number; optimalMax: number },
  period: { from: number; to: number },
  unitAlarms: readonly AlarmRow[],
): Promise<FoodSafetyRecord> {
  const minutes = await db
    .select()
    .from(rollups)
    .where(
      and(
        eq(rollups.equipmentId, unit.id),
        eq(rollups.resolution, "minute"),
        gte(rollups.bucket, period.from),
        lt(rollups.bucket, period.to),
      ),
    )
    .orderBy(asc(rollups.bucket));
  return buildFoodSafetyRecord({
    equipmentId: unit.id,
    equipmentName: unit.name,
    limits: { low: unit.optimalMin, high: unit.optimalMax },
    ...period,
    minutes: minutes.map((m) => ({
      at: m.bucket,
      min: m.min,
      max: m.max,
      mean: m.sum / m.count,
      count: m.count,
    })),
    alarms: unitAlarms.map(recordAlarm),
  });
}
