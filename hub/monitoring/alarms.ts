/** Alarm and equipment queries for the API. */
import { and, desc, eq, gte, lte } from "drizzle-orm";
import { AppError } from "../../shared/errors/index.ts";
import { alarms, equipment, type HubDb, readings } from "../db/index.ts";

export async function listAlarms(db: HubDb, filter: { status?: "RAISED" | "CLEARED" }) {
  return db
    .select()
    .from(alarms)
    .where(filter.status ? eq(alarms.status, filter.status) : undefined)
    .orderBy(desc(alarms.raisedAt));
}

/** Every piece of equipment with its latest reading and whether an alarm is open. */
export async function listEquipment(db: HubDb) {
  const rows = await db.select().from(equipment).orderBy(equipment.name);
  const open = await db.select().from(alarms).where(eq(alarms.status, "RAISED"));
  return Promise.all(
    rows.map(async (e) => {
      const [latest] = await db
        .select()
        .from(readings)
        .where(eq(readings.equipmentId, e.id))
        .orderBy(desc(readings.id))
        .limit(1);
      const alarm = open.find((a) => a.equipmentId === e.id) ?? null;
      return {
        ...e,
        latestReading: latest ?? null,
        alarmStatus: alarm ? "ALARM" : "OK",
        openAlarm: alarm,
      };
    }),
  );
}

/** Readings of one piece of equipment between two instants (hub receive time), oldest first. */
export async function readingsBetween(
  db: HubDb,
  input: { equipmentId: string; from: number; to: number; limit: number },
) {
  const [found] = await db
    .select({ id: equipment.id })
    .from(equipment)
    .where(eq(equipment.id, input.equipmentId));
  if (!found) throw new AppError("NOT_FOUND", `equipment ${input.equipmentId} not found`);
  return db
    .select()
    .from(readings)
    .where(
      and(
        eq(readings.equipmentId, input.equipmentId),
        gte(readings.receivedAt, input.from),
        lte(readings.receivedAt, input.to),
      ),
    )
    .orderBy(readings.receivedAt, readings.id)
    .limit(input.limit);
}
