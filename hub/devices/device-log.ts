/** The device log: one row per thing worth knowing about a device, newest read first. */
import { and, desc, eq, lt } from "drizzle-orm";
import { deviceLogs, type HubDb } from "../db/index.ts";
import { getDevice } from "./registry.ts";

export interface LogEntry {
  deviceId: string;
  level: "info" | "warn" | "error";
  type: string;
  message: string;
  data?: Record<string, unknown>;
  /** Hub receive time. */
  at: number;
  /** Device time, when the device gave one. */
  occurredAt?: number;
}

/** The insert for one entry; run it inside the caller's batch. */
export function logStatement(db: HubDb, e: LogEntry) {
  return db.insert(deviceLogs).values({
    deviceId: e.deviceId,
    level: e.level,
    type: e.type,
    message: e.message,
    data: e.data ?? null,
    occurredAt: e.occurredAt ?? e.at,
    recordedAt: e.at,
  });
}

/** A device's log, newest first; `before` pages back by entry id. */
export async function readDeviceLog(db: HubDb, input: { deviceId: string; limit: number; before?: number }) {
  await getDevice(db, input.deviceId);
  return db
    .select()
    .from(deviceLogs)
    .where(
      and(
        eq(deviceLogs.deviceId, input.deviceId),
        input.before === undefined ? undefined : lt(deviceLogs.id, input.before),
      ),
    )
    .orderBy(desc(deviceLogs.id))
    .limit(input.limit);
}
