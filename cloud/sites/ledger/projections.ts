/**
 * Alarm and equipment state derived from events. Every apply is order-independent: events are reordered and
 * redelivered in practice, so a clear that arrives before its raise must still leave the alarm closed.
 */
import { and, count, eq, sql } from "drizzle-orm";
import type { AlarmClearedData, AlarmRaisedData } from "../../../shared/events/index.ts";
import { alarms, equipment } from "./schema.ts";
import type { LedgerDb, SyncEvent } from "./types.ts";

/** Applies one newly stored event to the derived tables; event types without a projection are only stored. */
export function project(db: LedgerDb, event: SyncEvent, now: number): void {
  const at = Date.parse(event.occurredAt);
  // The edge validated `data` against the catalog (parseEvent) before the event reached the ledger.
  if (event.type === "equipment.alarm.raised") applyRaised(db, event.data as AlarmRaisedData, at, now);
  if (event.type === "equipment.alarm.cleared") applyCleared(db, event.data as AlarmClearedData, at, now);
}

function applyRaised(db: LedgerDb, d: AlarmRaisedData, at: number, now: number): void {
  db.insert(alarms)
    .values({
      alarmId: d.alarmId,
      equipmentId: d.equipmentId,
      equipmentName: d.equipmentName,
      kind: d.kind,
      status: "OPEN",
      temperature: d.temperature,
      limit: d.limit,
      raisedAt: Date.parse(d.raisedAt),
    })
    // `status` is deliberately not updated: if the clear came first, the alarm stays CLEARED.
    .onConflictDoUpdate({
      target: alarms.alarmId,
      set: {
        equipmentName: sql`excluded.equipment_name`,
        temperature: sql`excluded.temperature`,
        limit: sql`excluded.limit_value`,
        raisedAt: sql`excluded.raised_at`,
      },
    })
    .run();
  touchEquipment(db, {
    equipmentId: d.equipmentId,
    equipmentName: d.equipmentName,
    temperature: d.temperature,
    at,
    now,
  });
}

function applyCleared(db: LedgerDb, d: AlarmClearedData, at: number, now: number): void {
  db.insert(alarms)
    .values({
      alarmId: d.alarmId,
      equipmentId: d.equipmentId,
      kind: d.kind,
      status: "CLEARED",
      peak: d.peak,
      clearedAt: Date.parse(d.clearedAt),
    })
    .onConflictDoUpdate({
      target: alarms.alarmId,
      set: { status: "CLEARED", peak: sql`excluded.peak`, clearedAt: sql`excluded.cleared_at` },
    })
    .run();
  touchEquipment(db, {
    equipmentId: d.equipmentId,
    equipmentName: null,
    temperature: d.temperature,
    at,
    now,
  });
}

/** Recounts open alarms; temperature and name only move forward in event time. */
function touchEquipment(
  db: LedgerDb,
  e: {
    equipmentId: string;
    equipmentName: string | null;
    temperature: number | null;
    at: number;
    now: number;
  },
): void {
  const open =
    db
      .select({ n: count() })
      .from(alarms)
      .where(and(eq(alarms.equipmentId, e.equipmentId), eq(alarms.status, "OPEN")))
      .get()?.n ?? 0;
  const newer = sql`excluded.last_event_at >= equipment.last_event_at`;
  db.insert(equipment)
    .values({
      equipmentId: e.equipmentId,
      equipmentName: e.equipmentName,
      openAlarms: open,
      lastTemperature: e.temperature,
      lastEventAt: e.at,
      updatedAt: e.now,
    })
    .onConflictDoUpdate({
      target: equipment.equipmentId,
      set: {
        equipmentName: sql`CASE WHEN excluded.equipment_name IS NOT NULL AND (equipment.equipment_name IS NULL OR ${newer})
          THEN excluded.equipment_name ELSE equipment.equipment_name END`,
        // Alarms that are not about temperature (door, power) carry none: they keep the last reading.
        lastTemperature: sql`CASE WHEN excluded.last_temperature IS NOT NULL AND ${newer} THEN excluded.last_temperature ELSE equipment.last_temperature END`,
        lastEventAt: sql`max(excluded.last_event_at, equipment.last_event_at)`,
        openAlarms: open,
        updatedAt: e.now,
      },
    })
    .run();
}
