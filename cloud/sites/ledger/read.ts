/** Read models of a site's ledger: equipment with its latest state, alarms, devices, and the event log. */
import { and, asc, desc, eq, gt, gte, inArray, ne, or, sql } from "drizzle-orm";
import { ALARM_FILTER_STATUSES, type AlarmFilter } from "../../../shared/alarms/index.ts";
import type { EquipmentType } from "../../../shared/equipment/index.ts";
import type { AlarmView, DeviceView, EquipmentView } from "../../../shared/live/index.ts";
import { alarms, devices, equipment, events } from "./schema.ts";
import type { EventQuery, EventRecord, LedgerDb } from "./types.ts";

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function toEquipmentView(r: typeof equipment.$inferSelect): EquipmentView {
  return {
    equipmentId: r.equipmentId,
    equipmentName: r.equipmentName,
    status: r.openAlarms > 0 ? "ALARM" : "OK",
    openAlarms: r.openAlarms,
    lastTemperature: r.lastTemperature,
    lastReadingAt: iso(r.lastReadingAt),
    limits: limitsOf(r),
    updatedAt: new Date(r.lastEventAt).toISOString(),
    // Only once the hub configured the unit (left out, not null, before that).
    ...(r.equipmentType !== null && r.setTemperature !== null
      ? { type: r.equipmentType as EquipmentType, setTemperature: r.setTemperature }
      : {}),
  };
}

/** The configured range once the hub sent it; before that, both limits seen on alarms; else null (C5 shape). */
export function limitsOf(r: {
  limitLow: number | null;
  limitHigh: number | null;
  rangeLow: number | null;
  rangeHigh: number | null;
}) {
  if (r.rangeLow !== null && r.rangeHigh !== null) return { low: r.rangeLow, high: r.rangeHigh };
  return r.limitLow !== null && r.limitHigh !== null ? { low: r.limitLow, high: r.limitHigh } : null;
}

export function readEquipment(db: LedgerDb, equipmentIds?: string[]): EquipmentView[] {
  return db
    .select()
    .from(equipment)
    .where(equipmentIds ? inArray(equipment.equipmentId, equipmentIds) : undefined)
    .orderBy(asc(equipment.equipmentName), asc(equipment.equipmentId))
    .all()
    .map(toEquipmentView);
}

export function toAlarmView(r: typeof alarms.$inferSelect): AlarmView {
  return {
    alarmId: r.alarmId,
    equipmentId: r.equipmentId,
    equipmentName: r.equipmentName,
    kind: r.kind,
    status: r.status,
    escalated: r.escalatedAt !== null,
    temperature: r.temperature,
    limit: r.limit,
    peak: r.peak,
    raisedAt: iso(r.raisedAt),
    acknowledgedAt: iso(r.acknowledgedAt),
    acknowledgedBy: r.acknowledgedBy,
    note: r.note,
    escalatedAt: iso(r.escalatedAt),
    clearedAt: iso(r.clearedAt),
    closedAt: iso(r.closedAt),
    closedBy: r.closedBy,
    correctiveAction: r.correctiveAction,
  };
}

/** Alarms by the hub's status words (`open` = RAISED or ACKNOWLEDGED); newest raise first. */
export function readAlarms(db: LedgerDb, filter: AlarmFilter, alarmIds?: string[]): AlarmView[] {
  const statuses = ALARM_FILTER_STATUSES[filter];
  return db
    .select()
    .from(alarms)
    .where(
      and(
        statuses ? inArray(alarms.status, [...statuses]) : undefined,
        alarmIds ? inArray(alarms.alarmId, alarmIds) : undefined,
      ),
    )
    .orderBy(desc(alarms.raisedAt), asc(alarms.alarmId))
    .all()
    .map(toAlarmView);
}

/** What the live view shows: every alarm not yet CLOSED, and those closed since `closedSince` (ms). */
export function readLiveAlarms(db: LedgerDb, closedSince: number): AlarmView[] {
  return db
    .select()
    .from(alarms)
    .where(or(ne(alarms.status, "CLOSED"), gte(alarms.closedAt, closedSince)))
    .orderBy(desc(alarms.raisedAt), asc(alarms.alarmId))
    .all()
    .map(toAlarmView);
}

export function readDevices(db: LedgerDb, deviceIds?: string[]): DeviceView[] {
  return db
    .select()
    .from(devices)
    .where(deviceIds ? inArray(devices.deviceId, deviceIds) : undefined)
    .orderBy(asc(devices.name), asc(devices.deviceId))
    .all()
    .map((r) => ({ ...r, changedAt: new Date(r.changedAt).toISOString() }));
}

/** The stored event log, ordered by hub, lane and the lane's seq. */
export function readEvents(db: LedgerDb, query: EventQuery): EventRecord[] {
  const { hubId, lane, after } = query;
  const where = and(
    hubId ? eq(events.hubId, hubId) : undefined,
    lane ? eq(events.lane, lane) : undefined,
    query.afterSeq > 0 ? gt(events.seq, query.afterSeq) : undefined,
    after
      ? sql`(${events.hubId}, ${events.lane}, ${events.seq}) > (${after.hubId}, ${after.lane}, ${after.seq})`
      : undefined,
  );
  return db
    .select()
    .from(events)
    .where(where)
    .orderBy(asc(events.hubId), asc(events.lane), asc(events.seq))
    .limit(query.limit)
    .all()
    .map((r) => ({
      id: r.id,
      hubId: r.hubId,
      lane: r.lane,
      seq: r.seq,
      type: r.type,
      occurredAt: new Date(r.occurredAt).toISOString(),
      receivedAt: new Date(r.receivedAt).toISOString(),
      data: (JSON.parse(r.envelope) as { data: unknown }).data,
    }));
}
