/** Presence: ONLINE while the device has a connection, OFFLINE when its last one closes, with a log line each. */
import type { HubDb } from "../db/index.ts";
import { logStatement } from "./device-log.ts";
import { statusStatement } from "./registry.ts";

export function presenceStatements(db: HubDb, deviceId: string, online: boolean, at: number) {
  const what = online ? "connected" : "disconnected";
  return [
    statusStatement(db, deviceId, online ? "ONLINE" : "OFFLINE", at),
    logStatement(db, { deviceId, level: "info", type: what, message: what, at }),
  ];
}
