/** A unit's food-safety record from the ledger's facts: its minute rollups, configured range and alarms. */
import { and, asc, eq, gte, lt } from "drizzle-orm";
import {
  buildFoodSafetyRecord,
  type FoodSafetyRecord,
  type RecordAlarm,
} from "../../../shared/records/food-safety.ts";
import { alarms, equipment, readingsMinute } from "./schema.ts";
import type { LedgerDb } from "./types.ts";

/**
 * The record of `[from, to)` (ms). Judged only against the range the hub configured (`equipment.configured`):
 * limits seen on alarms are alarm thresholds, not the range, so without it the record says limits are unknown.
 */
export function readRecord(
  db: LedgerDb,
  input: { equipmentId: string; from: number; to: number },
): FoodSafetyRecord {
  const unit = db.select().from(equipment).where(eq(equipment.equipmentId, input.equipmentId)).get();
  const minutes = db
    .select()
    .from(readingsMinute)
    .where(
      and(
        eq(readingsMinute.equipmentId, input.equipmentId),
        gte(readingsMinute.at, Math.floor(input.from / 1000)),
        lt(readingsMinute.at, Math.ceil(input.to / 1000)),
      ),
    )
    .orderBy(asc(readingsMinute.at))
    .all()
    .map((m) => ({ at: m.at * 1000, min: m.min, max: m.max, mean: m.mean, count: m.count }));
  const unitAlarms: RecordAlarm[] = db
    .select()
    .from(alarms)
    .where(eq(alarms.equipmentId, input.equipmentId))
    .all()
    .map((a) => ({
      alarmId: a.alarmId,
      kind: a.kind,
      raisedAt: a.raisedAt,
      temperature: a.temperature,
      peak: a.peak,
      acknowledgedAt: a.acknowledgedAt,
      acknowledgedBy: a.acknowledgedBy,
      note: a.note,
      clearedAt: a.clearedAt,
      closedAt: a.closedAt,
      closedBy: a.closedBy,
      correctiveAction: a.correctiveAction,
    }));
  return buildFoodSafetyRecord({
    equipmentId: input.equipmentId,
    equipmentName: unit?.equipmentName ?? null,
    limits:
      unit && unit.rangeLow !== null && unit.rangeHigh !== null
        ? { low: unit.rangeLow, high: unit.rangeHigh }
        : null,
    from: input.from,
    to: input.to,
    minutes,
    alarms: unitAlarms,
  });
}
