/** The device registry: credentials check, lookups, and the statements that record presence and birth. */
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { AppError } from "../../shared/errors/index.ts";
import {
  type Birth,
  CONNECTED_STATUSES,
  type DeviceState,
  type DeviceStatus,
  type PayloadEncoding,
} from "../../shared/protocol/index.ts";
import { devices, type HubDb } from "../db/index.ts";
import { verifySecret } from "./secrets.ts";

export type DeviceRow = typeof devices.$inferSelect;

/** Who a connection speaks for. */
export interface DeviceIdentity {
  id: string;
  kind: string;
}
export type DeviceView = Omit<DeviceRow, "secretHash" | "registryVersion">;

export type AuthResult =
  | { ok: true; device: DeviceRow }
  | { ok: false; reason: "bad_credentials" | "revoked" };

/** Checks a device's secret; a revoked device is refused even with the right one. */
export async function authenticateDevice(db: HubDb, id: string, secret: string): Promise<AuthResult> {
  const [device] = await db.select().from(devices).where(eq(devices.id, id));
  if (!device || !verifySecret(secret, device.secretHash)) return { ok: false, reason: "bad_credentials" };
  if (device.status === "REVOKED") return { ok: false, reason: "revoked" };
  return { ok: true, device };
}

function view({ secretHash: _s, registryVersion: _v, ...d }: DeviceRow): DeviceView {
  return d;
}

/** Devices without their secret hashes. */
export async function listDevices(db: HubDb): Promise<DeviceView[]> {
  const rows = await db.select().from(devices).orderBy(devices.pairedAt);
  return rows.map(view);
}

/** One device, or NOT_FOUND. */
export async function getDevice(db: HubDb, id: string): Promise<DeviceView> {
  const [row] = await db.select().from(devices).where(eq(devices.id, id));
  if (!row) throw new AppError("NOT_FOUND", `device ${id} not found`);
  return view(row);
}

/** After a crash nothing is connected: every device that was up is OFFLINE until it reconnects. */
export async function resetPresence(db: HubDb): Promise<void> {
  await db.update(devices).set({ status: "OFFLINE" }).where(inArray(devices.status, CONNECTED_STATUSES));
}

/** Sets the presence status; a revoked device stays revoked whatever arrives late. */
export function statusStatement(db: HubDb, id: string, status: DeviceStatus, at: number) {
  return db
    .update(devices)
    .set({ status, lastSeenAt: sql`max(coalesce(${devices.lastSeenAt}, 0), ${at})` })
    .where(and(eq(devices.id, id), ne(devices.status, "REVOKED")));
}

/** Leaves ERROR for ONLINE (a cleared fault); any other status is left alone. */
export function clearErrorStatement(db: HubDb, id: string) {
  return db
    .update(devices)
    .set({ status: "ONLINE" })
    .where(and(eq(devices.id, id), eq(devices.status, "ERROR")));
}

export function birthStatement(db: HubDb, id: string, birth: Birth, encoding: PayloadEncoding) {
  return db
    .update(devices)
    .set({ model: birth.model, firmware: birth.firmware, capabilities: birth.capabilities, encoding })
    .where(eq(devices.id, id));
}

export function stateStatement(db: HubDb, id: string, state: DeviceState, at: number) {
  return db.update(devices).set({ state, stateAt: at }).where(eq(devices.id, id));
}

/** Moves `lastSeenAt` forward (never back) for every device seen in a batch. */
export function lastSeenStatement(db: HubDb, ids: string[], at: number) {
  return db
    .update(devices)
    .set({ lastSeenAt: sql`max(coalesce(${devices.lastSeenAt}, 0), ${at})` })
    .where(inArray(devices.id, ids));
}

/** SQL for the next registry version: one past the highest any device has. */
export const nextRegistryVersion = sql`(select coalesce(max(${devices.registryVersion}), 0) + 1 from ${devices})`;
