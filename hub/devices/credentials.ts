/** Revocation and secret rotation: both end the device's sessions; rotation shows the new secret once. */
import { and, eq, inArray } from "drizzle-orm";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { commands, devices, type HubDb } from "../db/index.ts";
import { logStatement } from "./device-log.ts";
import { type DeviceView, getDevice, nextRegistryVersion } from "./registry.ts";
import { hashSecret, newSecret } from "./secrets.ts";

interface Ctx {
  db: HubDb;
  clock: Clock;
}

/** Revokes a device for good: refused at CONNECT, its open commands failed. Idempotent. */
export async function revokeDevice(ctx: Ctx, id: string): Promise<DeviceView> {
  const device = await getDevice(ctx.db, id);
  if (device.status === "REVOKED") return device;
  const now = ctx.clock.now();
  await ctx.db.batch([
    ctx.db
      .update(devices)
      .set({ status: "REVOKED", revokedAt: now, registryVersion: nextRegistryVersion })
      .where(eq(devices.id, id)),
    ctx.db
      .update(commands)
      .set({ status: "FAILED", finishedAt: now, message: "device revoked" })
      .where(and(eq(commands.deviceId, id), inArray(commands.status, ["QUEUED", "SENT"]))),
    logStatement(ctx.db, {
      deviceId: id,
      level: "warn",
      type: "revoked",
      message: "device revoked",
      at: now,
    }),
  ]);
  return getDevice(ctx.db, id);
}

/** Replaces the secret; the old one stops working at once. Returns the new secret (shown once). */
export async function rotateSecret(ctx: Ctx, id: string): Promise<{ id: string; secret: string }> {
  const device = await getDevice(ctx.db, id);
  if (device.status === "REVOKED") throw new AppError("CONFLICT", `device ${id} is revoked`);
  const now = ctx.clock.now();
  const secret = newSecret();
  await ctx.db.batch([
    ctx.db
      .update(devices)
      .set({ secretHash: hashSecret(secret), secretRotatedAt: now, registryVersion: nextRegistryVersion })
      .where(eq(devices.id, id)),
    logStatement(ctx.db, {
      deviceId: id,
      level: "info",
      type: "secret-rotated",
      message: "secret rotated",
      at: now,
    }),
  ]);
  return { id, secret };
}
