/** The device registry: credentials check, presence and birth details. */
import { eq } from "drizzle-orm";
import type { Birth } from "../../shared/protocol/index.ts";
import { devices, type HubDb } from "../db/index.ts";
import { verifySecret } from "./secrets.ts";

export type DeviceRow = typeof devices.$inferSelect;

/** The device when `secret` is right and the device is not revoked; null otherwise. */
export async function authenticateDevice(db: HubDb, id: string, secret: string): Promise<DeviceRow | null> {
  const [device] = await db.select().from(devices).where(eq(devices.id, id));
  if (!device || device.status === "REVOKED") return null;
  return verifySecret(secret, device.secretHash) ? device : null;
}

export async function setPresence(db: HubDb, id: string, online: boolean, at: number): Promise<void> {
  await db
    .update(devices)
    .set({ status: online ? "ONLINE" : "OFFLINE", lastSeenAt: at })
    .where(eq(devices.id, id));
}

export async function applyBirth(db: HubDb, id: string, birth: Birth, at: number): Promise<void> {
  await db
    .update(devices)
    .set({ model: birth.model, firmware: birth.firmware, capabilities: birth.capabilities, lastSeenAt: at })
    .where(eq(devices.id, id));
}

/** Devices without their secret hashes. */
export async function listDevices(db: HubDb) {
  const rows = await db.select().from(devices).orderBy(devices.pairedAt);
  return rows.map(({ secretHash: _omit, ...d }) => d);
}
