/**
 * Alarm, equipment, reading and device state derived from events. Every apply is order-independent: events are
 * reordered and redelivered in practice, so a clear that arrives before its raise must still end CLEARED.
 * Each apply also marks the view it changed in `live_changes`, in the same transaction, for the live push.
 */
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { isTemperatureAlarm, OPEN_ALARM_STATUSES } from "../../../shared/alarms/index.ts";
import type { EventData, EventType } from "../../../shared/events/index.ts";
import { alarms, devices, equipment, liveChanges, readingsMinute } from "./schema.ts";
import type { LedgerDb, SyncEvent } from "./types.ts";

type Data<T extends EventType> = EventData<T>;

/** Applies one newly stored event to the derived tables; event types without a projection are only stored. */
export function project(db: LedgerDb, event: SyncEvent, now: number): void {
  const at = Date.parse(event.occurredAt);
  // The edge validated `data` against the catalog (parseEvent) before the event reached the ledger.
  const data = event.data as never;
  switch (event.type) {
    case "equipment.alarm.raised":
      applyRaised(db, data, at, now);
      break;
    case "equipment.alarm.acknowledged":
      applyAcknowledged(db, data, now);
      break;
    case "equipment.alarm.escalated":
      applyEscalated(db, data, now);
      break;
    case "equipment.alarm.cleared":
      applyCleared(db, data, at, now);
      break;
    case "equipment.alarm.closed":
      applyClosed(db, data, now);
      break;
    case "equipment.readings.rolled-up":
      applyRollup(db, data, now);
      break;
    case "device.presence.changed":
      applyPresence(db, data);
      break;
    case "equipment.configured":
      applyConfigured(db, data, now);
      break;
  }
}

const ms = (instant: string) => Date.parse(instant);

function applyRaised(db: LedgerDb, d: Data<"equipment.alarm.raised">, at: number, now: number): void {
  upsertAlarm(db, {
    alarmId: d.alarmId,
    equipmentId: d.equipmentId,
    equipmentName: d.equipmentName,
    kind: d.kind,
    temperature: d.temperature,
    limit: d.limit,
    raisedAt: ms(d.raisedAt),
  });
  touchEquipment(db, { ...d, temperature: d.temperature, at, now });
  if (d.limit !== null && isTemperatureAlarm(d.kind)) {
    noteLimit(db, d.equipmentId, d.kind === "HIGH_TEMPERATURE" ? "high" : "low", d.limit, ms(d.raisedAt));
  }
}

function applyAcknowledged(db: LedgerDb, d: Data<"equipment.alarm.acknowledged">, now: number): void {
  upsertAlarm(db, {
    alarmId: d.alarmId,
    equipmentId: d.equipmentId,
    acknowledgedAt: ms(d.acknowledgedAt),
    acknowledgedBy: d.acknowledgedBy,
    note: d.note,
  });
  recountOpen(db, d.equipmentId, now);
}

function applyEscalated(db: LedgerDb, d: Data<"equipment.alarm.escalated">, now: number): void {
  upsertAlarm(db, {
    alarmId: d.alarmId,
    equipmentId: d.equipmentId,
    equipmentName: d.equipmentName,
    kind: d.kind,
    raisedAt: ms(d.raisedAt),
    escalatedAt: ms(d.escalatedAt),
  });
  recountOpen(db, d.equipmentId, now);
}

function applyCleared(db: LedgerDb, d: Data<"equipment.alarm.cleared">, at: number, now: number): void {
  upsertAlarm(db, {
    alarmId: d.alarmId,
    equipmentId: d.equipmentId,
    kind: d.kind,
    peak: d.peak,
    clearedAt: ms(d.clearedAt),
  });
  touchEquipment(db, {
    equipmentId: d.equipmentId,
    equipmentName: null,
    temperature: d.temperature,
    at,
    now,
  });
}

function applyClosed(db: LedgerDb, d: Data<"equipment.alarm.closed">, now: number): void {
  upsertAlarm(db, {
    alarmId: d.alarmId,
    equipmentId: d.equipmentId,
    closedAt: ms(d.closedAt),
    closedBy: d.closedBy,
    correctiveAction: d.correctiveAction,
  });
  recountOpen(db, d.equipmentId, now);
}

/** Stores each minute (a resent minute replaces itself) and moves the unit's latest reading forward. */
function applyRollup(db: LedgerDb, d: Data<"equipment.readings.rolled-up">, now: number): void {
  let newest = d.minutes[0];
  for (const m of d.minutes) {
    if (newest && ms(m.at) > ms(newest.at)) newest = m;
    db.insert(readingsMinute)
      .values({ equipmentId: d.equipmentId, at: Math.floor(ms(m.at) / 60_000) * 60, ...pick(m) })
      .onConflictDoUpdate({
        target: [readingsMinute.equipmentId, readingsMinute.at],
        set: {
          min: sql`excluded.min`,
          max: sql`excluded.max`,
          mean: sql`excluded.mean`,
          count: sql`excluded.count`,
        },
      })
      .run();
  }
  if (!newest) return;
  const at = ms(newest.at);
  touchEquipment(db, {
    equipmentId: d.equipmentId,
    equipmentName: d.equipmentName,
    temperature: newest.mean,
    at,
    now,
  });
  db.update(equipment)
    .set({ lastReadingAt: sql`max(coalesce(${equipment.lastReadingAt}, 0), ${at})` })
    .where(eq(equipment.equipmentId, d.equipmentId))
    .run();
}

/** The unit's name and configured range; a newer configuration wins, whatever order they arrive in. */
function applyConfigured(db: LedgerDb, d: Data<"equipment.configured">, now: number): void {
  const at = ms(d.configuredAt);
  // A unit with no readings or alarms yet is created here (temperature unknown).
  touchEquipment(db, {
    equipmentId: d.equipmentId,
    equipmentName: d.equipmentName,
    temperature: null,
    at: 0,
    now,
  });
  db.update(equipment)
    .set({
      equipmentName: d.equipmentName,
      rangeLow: d.optimalMin,
      rangeHigh: d.optimalMax,
      equipmentType: d.type,
      setTemperature: d.setTemperature,
      configuredAt: at,
    })
    .where(
      and(eq(equipment.equipmentId, d.equipmentId), sql`coalesce(${equipment.configuredAt}, 0) <= ${at}`),
    )
    .run();
}

const pick = (m: { min: number; max: number; mean: number; count: number }) => ({
  min: m.min,
  max: m.max,
  mean: m.mean,
  count: m.count,
});

/** The newest presence report per device wins. */
function applyPresence(db: LedgerDb, d: Data<"device.presence.changed">): void {
  db.insert(devices)
    .values({ ...d, changedAt: ms(d.changedAt) })
    .onConflictDoUpdate({
      target: devices.deviceId,
      set: {
        kind: sql`excluded.kind`,
        name: sql`excluded.name`,
        status: sql`excluded.status`,
        equipmentId: sql`excluded.equipment_id`,
        changedAt: sql`excluded.changed_at`,
      },
      setWhere: sql`excluded.changed_at >= ${devices.changedAt}`,
    })
    .run();
  markChanged(db, "device", d.deviceId);
}

type AlarmPatch = Partial<typeof alarms.$inferInsert> & { alarmId: string; equipmentId: string };

/**
 * Fills this step's columns (a column already known is kept unless this step owns it), then derives the status
 * from the steps known so far.
 */
function upsertAlarm(db: LedgerDb, patch: AlarmPatch): void {
  const set: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === "alarmId" || value === undefined) continue;
    const column = alarms[key as keyof typeof alarms.$inferInsert];
    set[key] = sql`coalesce(excluded.${sql.identifier(column.name)}, ${column})`;
  }
  db.insert(alarms)
    .values({ status: "RAISED", ...patch })
    .onConflictDoUpdate({ target: alarms.alarmId, set })
    .run();
  db.update(alarms)
    .set({
      status: sql`CASE WHEN ${alarms.closedAt} IS NOT NULL THEN 'CLOSED'
        WHEN ${alarms.clearedAt} IS NOT NULL THEN 'CLEARED'
        WHEN ${alarms.acknowledgedAt} IS NOT NULL THEN 'ACKNOWLEDGED' ELSE 'RAISED' END`,
    })
    .where(eq(alarms.alarmId, patch.alarmId))
    .run();
  markChanged(db, "alarm", patch.alarmId);
}

function openAlarmsOf(db: LedgerDb, equipmentId: string): number {
  return (
    db
      .select({ n: count() })
      .from(alarms)
      .where(and(eq(alarms.equipmentId, equipmentId), inArray(alarms.status, [...OPEN_ALARM_STATUSES])))
      .get()?.n ?? 0
  );
}

/**
 * Units whose open-alarm count is due, per transaction: counted once per unit at the end of a batch
 * (`finishProjections`) rather than after every event, since the count reads every open alarm of the unit
 * (a batch of n alarms on one unit cost n counts of up to n rows each).
 */
const recounts = new WeakMap<LedgerDb, Set<string>>();

/** Sets the open-alarm count of every unit the batch's events touched; call once, before the transaction ends. */
export function finishProjections(db: LedgerDb): void {
  const due = recounts.get(db);
  if (!due) return;
  recounts.delete(db);
  for (const equipmentId of due)
    db.update(equipment)
      .set({ openAlarms: openAlarmsOf(db, equipmentId) })
      .where(eq(equipment.equipmentId, equipmentId))
      .run();
}

/** Steps that move no temperature still change the open count: recount, creating the unit if unknown. */
function recountOpen(db: LedgerDb, equipmentId: string, now: number): void {
  touchEquipment(db, { equipmentId, equipmentName: null, temperature: null, at: 0, now });
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
  const due = recounts.get(db) ?? new Set<string>();
  recounts.set(db, due.add(e.equipmentId));
  const newer = sql`excluded.last_event_at >= equipment.last_event_at`;
  db.insert(equipment)
    .values({
      equipmentId: e.equipmentId,
      equipmentName: e.equipmentName,
      // Counted by finishProjections at the end of the batch.
      openAlarms: 0,
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
        lastEventAt: sql`CASE WHEN excluded.last_temperature IS NOT NULL THEN max(excluded.last_event_at, equipment.last_event_at) ELSE equipment.last_event_at END`,
        updatedAt: e.now,
      },
    })
    .run();
  markChanged(db, "equipment", e.equipmentId);
}

/** A limit seen on a raised alarm; a later raise (rules changed on the hub) replaces an earlier one. */
function noteLimit(db: LedgerDb, equipmentId: string, side: "low" | "high", value: number, at: number): void {
  const limitAt = side === "high" ? equipment.limitHighAt : equipment.limitLowAt;
  db.update(equipment)
    .set(side === "high" ? { limitHigh: value, limitHighAt: at } : { limitLow: value, limitLowAt: at })
    .where(and(eq(equipment.equipmentId, equipmentId), sql`coalesce(${limitAt}, 0) <= ${at}`))
    .run();
}

function markChanged(db: LedgerDb, kind: "equipment" | "alarm" | "device", key: string): void {
  db.insert(liveChanges).values({ kind, key }).onConflictDoNothing().run();
}
