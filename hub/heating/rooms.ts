/** Rooms on the hub: effective settings (cloud settings under hub changes), reading and writing a room. */
import { eq } from "drizzle-orm";
import { AppError } from "../../shared/errors/index.ts";
import { DEFAULT_SETTINGS, type RoomSettings } from "../../shared/heating/thermostat.ts";
import { type HubDb, heatingRooms } from "../db/index.ts";

export type RoomRow = typeof heatingRooms.$inferSelect;

const MIN = 60_000;

/** The settings the thermostat runs on: the cloud's, with the hub's own changes laid over them. */
export function effectiveSettings(row: Pick<RoomRow, "settings" | "local">): RoomSettings {
  const s = { ...row.settings, ...row.local };
  return {
    ...DEFAULT_SETTINGS,
    mode: s.mode,
    setPoint: s.setPoint,
    awaySetPoint: s.awaySetPoint,
    schedule: s.schedule,
    hysteresis: s.hysteresis,
    minOnMs: s.minOnMinutes * MIN,
    minOffMs: s.minOffMinutes * MIN,
    maxSwitchesPerHour: s.maxSwitchesPerHour,
    frostC: s.frostC,
    maxC: s.maxC,
    staleAfterMs: s.staleAfterMinutes * MIN,
    staleAction: s.staleAction,
    windowPauseMs: s.windowPauseMinutes * MIN,
    earlyStart: s.earlyStart,
  };
}

export async function getRoom(db: HubDb, id: string): Promise<RoomRow> {
  const [row] = await db.select().from(heatingRooms).where(eq(heatingRooms.id, id));
  if (!row) throw new AppError("NOT_FOUND", `room ${id} not found`);
  return row;
}

export function listRooms(db: HubDb): Promise<RoomRow[]> {
  return db.select().from(heatingRooms).orderBy(heatingRooms.space, heatingRooms.name);
}
