/** Read models of a site's ledger: equipment with its latest state, and alarms. */
import { and, asc, desc, eq, gt } from "drizzle-orm";
import { iso } from "../../../shared/clock/index.ts";
import { alarms, equipment, events } from "./schema.ts";
import type { AlarmFilter, AlarmView, EquipmentView, EventQuery, EventRecord, LedgerDb } from "./types.ts";

export function readEquipment(db: LedgerDb): EquipmentView[] {
  return db
    .select()
    .from(equipment)
    .orderBy(asc(equipment.equipmentName), asc(equipment.equipmentId))
    .all()
    .map((r) => ({
      equipmentId: r.equipmentId,
      equipmentName: r.equipmentName,
      status: r.openAlarms > 0 ? "ALARM" : "OK",
      openAlarms: r.openAlarms,
      lastTemperature: r.lastTemperature,
      updatedAt: new Date(r.lastEventAt).toISOString(),
    }));
}

/** Open alarms, or with "all" the cleared ones too; newest raise first. */
export function readAlarms(db: LedgerDb, filter: AlarmFilter): AlarmView[] {
  const query = db.select().from(alarms);
  const rows = (filter === "open" ? query.where(eq(alarms.status, "OPEN")) : query)
    .orderBy(desc(alarms.raisedAt), asc(alarms.alarmId))
    .all();
  return rows.map((r) => ({
    alarmId: r.alarmId,
    equipmentId: r.equipmentId,
    equipmentName: r.equipmentName,
    kind: r.kind,
    status: r.status,
    temperature: r.temperature,
    limit: r.limit,
    peak: r.peak,
    raisedAt: iso(r.raisedAt),
    clearedAt: iso(r.clearedAt),
  }));
}

/** The stored event log, ordered by hub and then by the hub's seq. */
export function readEvents(db: LedgerDb, query: EventQuery): EventRecord[] {
  const where = query.hubId ? and(eq(events.hubId, query.hubId), gt(events.seq, query.afterSeq)) : undefined;
  return db
    .select()
    .from(events)
    .where(where)
    .orderBy(asc(events.hubId), asc(events.seq))
    .limit(query.limit)
    .all()
    .map((r) => ({
      id: r.id,
      hubId: r.hubId,
      seq: r.seq,
      type: r.type,
      occurredAt: new Date(r.occurredAt).toISOString(),
      receivedAt: new Date(r.receivedAt).toISOString(),
      data: (JSON.parse(r.envelope) as { data: unknown }).data,
    }));
}
