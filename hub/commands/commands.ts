/** Command verbs and queries: create, list, acknowledge, expire. Delivery lives in delivery.ts. */
import { and, asc, count, desc, eq, inArray, lte, or, sql } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import {
  type AckStatus,
  COMMAND_STATUSES,
  type CommandAck,
  type CommandStatus,
  parseCommandArgs,
} from "../../shared/protocol/index.ts";
import { commands, type HubDb } from "../db/index.ts";
import { getDevice } from "../devices/index.ts";

export type CommandRow = typeof commands.$inferSelect;

export const createCommandSchema = z
  .object({
    name: z.string().min(1).max(64),
    args: z.record(z.string(), z.unknown()).optional(),
    /** How long the command may wait for the device; 5 minutes unless told, at most a week. */
    expiresInSeconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .default(300),
  })
  .strict();
export type CreateCommandInput = z.input<typeof createCommandSchema>;

export const listCommandsSchema = z.object({
  status: z.enum(COMMAND_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const OPEN: CommandStatus[] = ["QUEUED", "SENT"];
const ACK_TO_STATUS: Record<AckStatus, CommandStatus> = {
  ok: "ACKNOWLEDGED",
  failed: "FAILED",
  rejected: "FAILED",
  expired: "EXPIRED",
};

/** Queues a command for a device; it is delivered when the device listens, until it expires. */
export async function createCommand(
  ctx: { db: HubDb; clock: Clock },
  deviceId: string,
  input: z.output<typeof createCommandSchema>,
): Promise<CommandRow> {
  const device = await getDevice(ctx.db, deviceId);
  if (device.status === "REVOKED") throw new AppError("CONFLICT", `device ${deviceId} is revoked`);
  const args = parseCommandArgs(device.kind, input.name, input.args);
  const now = ctx.clock.now();
  const [row] = await ctx.db
    .insert(commands)
    .values({
      id: uuidv7(now),
      deviceId,
      name: input.name,
      args,
      status: "QUEUED",
      createdAt: now,
      expiresAt: now + input.expiresInSeconds * 1000,
    })
    .returning();
  return row!;
}

/** A device's commands, newest first. */
export async function listCommands(
  db: HubDb,
  deviceId: string,
  q: z.output<typeof listCommandsSchema>,
): Promise<CommandRow[]> {
  await getDevice(db, deviceId);
  return db
    .select()
    .from(commands)
    .where(and(eq(commands.deviceId, deviceId), q.status ? eq(commands.status, q.status) : undefined))
    .orderBy(desc(commands.createdAt), desc(commands.id))
    .limit(q.limit);
}

export async function getCommand(db: HubDb, deviceId: string, id: string): Promise<CommandRow> {
  const [row] = await db
    .select()
    .from(commands)
    .where(and(eq(commands.id, id), eq(commands.deviceId, deviceId)));
  if (!row) throw new AppError("NOT_FOUND", `command ${id} not found for device ${deviceId}`);
  return row;
}

/** True when `id` names a command sent to `deviceId` (an ack for anything else is refused). */
export async function isCommandOf(db: HubDb, deviceId: string, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: commands.id })
    .from(commands)
    .where(and(eq(commands.id, id), eq(commands.deviceId, deviceId)));
  return row !== undefined;
}

/**
 * Records an acknowledgement. A repeated ack changes nothing; a late ack of a command the hub
 * had already given up on (EXPIRED) still records what the device says it did.
 */
export function ackStatement(db: HubDb, deviceId: string, ack: CommandAck, at: number) {
  return db
    .update(commands)
    .set({
      status: ACK_TO_STATUS[ack.status],
      ackStatus: ack.status,
      result: ack.result ?? null,
      message: ack.message ?? null,
      finishedAt: at,
    })
    .where(
      and(
        eq(commands.id, ack.id),
        eq(commands.deviceId, deviceId),
        inArray(commands.status, [...OPEN, "EXPIRED"]),
      ),
    );
}

/** Open commands past their expiry become EXPIRED; returns how many. */
export async function expireOverdue(db: HubDb, now: number, deviceId?: string): Promise<number> {
  const rows = await db
    .update(commands)
    .set({ status: "EXPIRED", finishedAt: now })
    .where(
      and(
        inArray(commands.status, OPEN),
        lte(commands.expiresAt, now),
        deviceId ? eq(commands.deviceId, deviceId) : undefined,
      ),
    )
    .returning({ id: commands.id });
  return rows.length;
}

/** Open, unexpired commands of a device, oldest first. */
export function openCommands(db: HubDb, deviceId: string, now: number): Promise<CommandRow[]> {
  return db
    .select()
    .from(commands)
    .where(
      and(
        eq(commands.deviceId, deviceId),
        inArray(commands.status, OPEN),
        sql`${commands.expiresAt} > ${now}`,
      ),
    )
    .orderBy(asc(commands.createdAt), asc(commands.id));
}

/** Devices with a QUEUED command, or a SENT one last sent at or before `before`, not yet expired. */
export async function devicesWithDueCommands(db: HubDb, before: number, now: number): Promise<string[]> {
  const rows = await db
    .selectDistinct({ deviceId: commands.deviceId })
    .from(commands)
    .where(
      and(
        or(eq(commands.status, "QUEUED"), and(eq(commands.status, "SENT"), lte(commands.lastSentAt, before))),
        sql`${commands.expiresAt} > ${now}`,
      ),
    );
  return rows.map((r) => r.deviceId);
}

export async function markSent(db: HubDb, ids: string[], now: number): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(commands)
    .set({
      status: "SENT",
      attempts: sql`${commands.attempts} + 1`,
      firstSentAt: sql`coalesce(${commands.firstSentAt}, ${now})`,
      lastSentAt: now,
    })
    .where(and(inArray(commands.id, ids), inArray(commands.status, OPEN)));
}

/** Commands still waiting for their device (QUEUED or SENT). */
export async function pendingCommandCount(db: HubDb): Promise<number> {
  const [row] = await db.select({ n: count() }).from(commands).where(inArray(commands.status, OPEN));
  return row?.n ?? 0;
}
