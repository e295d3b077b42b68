/** Set-based writes to the unit views shared by the projections: touches, limits, open counts and live marks. */
import { sql } from "drizzle-orm";
import { OPEN_ALARM_STATUSES } from "../../../shared/alarms/index.ts";
import { field, fromRows, runRows } from "./json-rows.ts";
import type { LedgerDb } from "./types.ts";

/** One touch of a unit: its name (or null), a temperature (or null) and the event time it was seen at. */
export type Touch = [
  equipmentId: string,
  equipmentName: string | null,
  temperature: number | null,
  at: number,
];

/**
 * Creates each unit if unknown; temperature and name only move forward in event time. Rows apply in order,
 * one after another (SQLite upserts row by row), as the per-event statements they replace did. The open-alarm
 * count is set by `recountOpen` afterwards.
 */
export function touchEquipment(db: LedgerDb, touches: readonly Touch[], now: number): void {
  const newer = sql.raw("excluded.last_event_at >= equipment.last_event_at");
  runRows(
    db,
    touches,
    (
      json,
    ) => sql`INSERT INTO equipment (equipment_id, equipment_name, open_alarms, last_temperature, last_event_at, updated_at)
      SELECT ${field(0)}, ${field(1)}, 0, ${field(2)}, ${field(3)}, ${now} ${fromRows(json)}
      ON CONFLICT (equipment_id) DO UPDATE SET
        equipment_name = CASE WHEN excluded.equipment_name IS NOT NULL AND (equipment.equipment_name IS NULL OR ${newer})
          THEN excluded.equipment_name ELSE equipment.equipment_name END,
        last_temperature = CASE WHEN excluded.last_temperature IS NOT NULL AND ${newer}
          THEN excluded.last_temperature ELSE equipment.last_temperature END,
        last_event_at = CASE WHEN excluded.last_temperature IS NOT NULL
          THEN max(excluded.last_event_at, equipment.last_event_at) ELSE equipment.last_event_at END,
        updated_at = excluded.updated_at`,
  );
  markChanged(
    db,
    "equipment",
    touches.map((t) => t[0]),
  );
}

/**
 * Limits seen on raised alarms: per unit and side the newest raise wins (a later one on a tie), as applying
 * them one by one would leave it; an older raise than the stored one changes nothing.
 */
export function noteLimits(
  db: LedgerDb,
  limits: readonly { equipmentId: string; side: "low" | "high"; value: number; at: number }[],
): void {
  for (const side of ["low", "high"] as const) {
    const newest = new Map<string, [string, number, number]>();
    for (const l of limits) {
      if (l.side !== side) continue;
      const held = newest.get(l.equipmentId);
      if (!held || l.at >= held[2]) newest.set(l.equipmentId, [l.equipmentId, l.value, l.at]);
    }
    const value = sql.raw(side === "high" ? "limit_high" : "limit_low");
    const at = sql.raw(side === "high" ? "limit_high_at" : "limit_low_at");
    runRows(
      db,
      [...newest.values()],
      (json) => sql`UPDATE equipment SET ${value} = j.v, ${at} = j.at
        FROM (SELECT ${field(0)} AS id, ${field(1)} AS v, ${field(2)} AS at ${fromRows(json)}) AS j
        WHERE equipment.equipment_id = j.id AND coalesce(equipment.${at}, 0) <= j.at`,
    );
  }
}

/** Sets the open-alarm count of each unit once (a batch of n alarms on a unit is one count, not n). */
export function recountOpen(db: LedgerDb, equipmentIds: Iterable<string>): void {
  const ids = [...new Set(equipmentIds)];
  if (ids.length === 0) return;
  const open = JSON.stringify(OPEN_ALARM_STATUSES);
  runRows(
    db,
    ids,
    (json) => sql`UPDATE equipment SET open_alarms = (
        SELECT count(*) FROM alarms WHERE alarms.equipment_id = equipment.equipment_id
          AND alarms.status IN (SELECT value FROM json_each(${open})))
      WHERE equipment_id IN (SELECT value FROM json_each(${json}))`,
  );
}

/** Marks views for the live push (drained right after the transaction). */
export function markChanged(
  db: LedgerDb,
  kind: "equipment" | "alarm" | "device",
  keys: readonly string[],
): void {
  runRows(
    db,
    [...new Set(keys)],
    (
      json,
    ) => sql`INSERT INTO live_changes (kind, key) SELECT ${kind}, value FROM json_each(${json}) WHERE true
      ON CONFLICT DO NOTHING`,
  );
}
