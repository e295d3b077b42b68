/** Read side of monitoring: alarms, equipment with its latest reading, readings at a resolution. */
import { and, desc, eq, gte, inArray, lte } from "drizzle-orm";
import { type AlarmStatus, OPEN_ALARM_STATUSES } from "../../shared/alarms/index.ts";
import { alarms, equipment, type HubDb, latestReadings, readings } from "../db/index.ts";
import { findEquipment } from "./equipment.ts";
import { type Resolution, readRollups } from "./rollups.ts";

export async function listAlarms(
  db: HubDb,
  filter: { statuses?: readonly AlarmStatus[]; equipmentId?: string; ids?: readonly string[] },
) {
  return db
    .select()
    .from(alarms)
    .where(
      and(
        filter.statuses ? inArray(alarms.status, [...filter.statuses]) : undefined,
        filter.equipmentId ? eq(alarms.equipmentId, filter.equipmentId) : undefined,
        filter.ids ? inArray(alarms.id, [...filter.ids]) : undefined,
      ),
    )
    .orderBy(desc(alarms.raisedAt))
    .limit(1000);
}

/**
 * Every piece of equipment with its latest reading and whether an alarm is active: two statements
 * whatever the number of units, and key lookups only (latest_readings), whatever the history's length.
 */
export async function listEquipment(db: HubDb) {
  const rows = await db
    .select({ e: equipment, latest: readings })
    .from(equipment)
    .leftJoin(latestReadings, eq(latestReadings.equipmentId, equipment.id))
    .leftJoin(readings, eq(readings.id, latestReadings.readingId))
    .orderBy(equipment.name);
  const active = await db
    .select()
    .from(alarms)
    .where(inArray(alarms.status, [...OPEN_ALARM_STATUSES]));
  return rows.map(({ e, latest }) => liveState(e, latest, active));
}

export async function getEquipment(db: HubDb, id: string) {
  const e = await findEquipment(db, id);
  const active = await db
    .select()
    .from(alarms)
    .where(and(eq(alarms.equipmentId, id), inArray(alarms.status, [...OPEN_ALARM_STATUSES])));
  return withLiveState(db, e, active);
}

async function withLiveState(
  db: HubDb,
  e: typeof equipment.$inferSelect,
  active: (typeof alarms.$inferSelect)[],
) {
  // latest_readings is kept by the ingest writer: a key lookup, whatever the history's length.
  const [found] = await db
    .select({ r: readings })
    .from(latestReadings)
    .innerJoin(readings, eq(readings.id, latestReadings.readingId))
    .where(eq(latestReadings.equipmentId, e.id));
  return liveState(e, found?.r ?? null, active);
}

function liveState(
  e: typeof equipment.$inferSelect,
  latest: typeof readings.$inferSelect | null,
  active: (typeof alarms.$inferSelect)[],
) {
  const open = active.filter((a) => a.equipmentId === e.id);
  return {
    ...e,
    currentTemperature: latest?.temperature ?? null,
    latestReading: latest,
    alarmStatus: open.length > 0 ? "ALARM" : "OK",
    activeAlarms: open,
  };
}

/** Readings of one piece of equipment in [from, to], raw or rolled up per minute or hour, oldest first. */
export async function readingsBetween(
  db: HubDb,
  input: { equipmentId: string; from: number; to: number; limit: number; resolution?: "raw" | Resolution },
) {
  await findEquipment(db, input.equipmentId);
  if (input.resolution && input.resolution !== "raw") {
    return readRollups(db, { ...input, resolution: input.resolution, to: input.to + 1 });
  }
  return db
    .select()
    .from(readings)
    .where(
      and(
        eq(readings.equipmentId, input.equipmentId),
        gte(readings.ts, input.from),
        lte(readings.ts, input.to),
      ),
    )
    .orderBy(readings.ts, readings.id)
    .limit(input.limit);
}
