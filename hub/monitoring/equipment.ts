/** Equipment records (seed 000 fields) with a history of every change, and their alarm rule settings. */
import { desc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { alarmRules, devices, equipment, equipmentHistory, type HubDb } from "../db/index.ts";
import { LOCAL_SITE } from "../identity.ts";
import { eventStatement, writeWithEvent } from "../outbox/index.ts";
import { configuredEvent } from "./configured.ts";
import { emit } from "./emit.ts";
import { defaultRules, EQUIPMENT_TYPES, type RuleConfig, ruleConfigSchema } from "./rules/index.ts";
import { iso } from "./time.ts";

const fields = {
  name: z.string().trim().min(1).max(80),
  type: z.enum(EQUIPMENT_TYPES),
  model: z.string().max(80).nullable(),
  manufacturer: z.string().max(80).nullable(),
  serialNumber: z.string().max(80).nullable(),
  code: z.string().max(40).nullable(),
  setTemperature: z.number().min(-60).max(30),
  optimalMin: z.number().min(-60).max(30),
  optimalMax: z.number().min(-60).max(30),
  isPoweredOn: z.boolean(),
  locationName: z.string().max(120).nullable(),
  locationAddress: z.string().max(200).nullable(),
  locationLat: z.number().min(-90).max(90).nullable(),
  locationLon: z.number().min(-180).max(180).nullable(),
  energyCurrent: z.number().min(0).nullable(),
  energyAverage: z.number().min(0).nullable(),
  energyUnit: z.string().max(16),
  ownershipType: z.enum(["OWNED", "RENTED"]),
  notes: z.string().max(2000).nullable(),
};

export const createEquipmentSchema = z
  .object({ ...fields, deviceId: z.string().max(64).nullable() })
  .partial()
  .required({ name: true, type: true, setTemperature: true, optimalMin: true, optimalMax: true })
  .strict();
export const updateEquipmentSchema = z.object(fields).partial().strict();

export interface EquipmentContext {
  db: HubDb;
  clock: Clock;
  /** Tells the ingest path that equipment or rules changed. */
  changed(): Promise<void>;
}

type Row = typeof equipment.$inferSelect;

/** The equipment with this id, or NOT_FOUND. */
export async function findEquipment(db: HubDb, id: string): Promise<Row> {
  const [row] = await db.select().from(equipment).where(eq(equipment.id, id));
  if (!row) throw new AppError("NOT_FOUND", `equipment ${id} not found`);
  return row;
}

function checkRange(e: { optimalMin: number; optimalMax: number; setTemperature: number }) {
  if (e.optimalMin >= e.optimalMax)
    throw new AppError("VALIDATION_ERROR", "optimalMin must be below optimalMax");
  if (e.setTemperature < e.optimalMin || e.setTemperature > e.optimalMax) {
    throw new AppError("VALIDATION_ERROR", "setTemperature must lie within the optimal range");
  }
}

/**
 * Checks a new piece of equipment and returns its id and the statements that create it with its
 * `equipment.created` history row and its `equipment.configured` event, for the caller's batch: the equipment API and pairing (which
 * adds the device in the same write) create equipment only through this.
 */
export async function equipmentCreation(
  db: HubDb,
  input: z.infer<typeof createEquipmentSchema>,
  now: number,
  opts: { newDevice?: boolean; id?: string } = {},
) {
  checkRange(input);
  if (input.deviceId && !opts.newDevice) {
    const [device] = await db.select().from(devices).where(eq(devices.id, input.deviceId));
    if (!device) throw new AppError("VALIDATION_ERROR", `device ${input.deviceId} is not paired`);
    const [taken] = await db.select().from(equipment).where(eq(equipment.deviceId, input.deviceId));
    if (taken) throw new AppError("CONFLICT", `device ${input.deviceId} already measures ${taken.name}`);
  }
  if (input.serialNumber) {
    const [taken] = await db
      .select({ id: equipment.id })
      .from(equipment)
      .where(eq(equipment.serialNumber, input.serialNumber));
    if (taken) throw new AppError("CONFLICT", `serial number ${input.serialNumber} is already registered`);
  }
  // The cloud names the id of equipment it made (desired state); the hub names its own.
  const id = opts.id ?? uuidv7(now);
  return {
    id,
    statements: [
      db.insert(equipment).values({ ...input, id, createdAt: now, updatedAt: now }),
      db
        .insert(equipmentHistory)
        .values({ equipmentId: id, eventType: "equipment.created", data: input, occurredAt: now }),
      eventStatement(db, configuredEvent({ ...input, id }, now), now),
    ] as const,
  };
}

/** Creates equipment; `id` is given when the cloud made the record (desired state). */
export async function createEquipment(
  ctx: EquipmentContext,
  input: z.infer<typeof createEquipmentSchema>,
  id?: string,
) {
  const created = await equipmentCreation(ctx.db, input, ctx.clock.now(), id ? { id } : {});
  await ctx.db.batch(created.statements);
  await ctx.changed();
  return findEquipment(ctx.db, created.id);
}

/** Applies a partial update; the history row names each changed field with its old and new value. */
export async function updateEquipment(
  ctx: EquipmentContext,
  id: string,
  patch: z.infer<typeof updateEquipmentSchema>,
) {
  const current = await findEquipment(ctx.db, id);
  const next = { ...current, ...patch };
  checkRange(next);
  const changes = Object.fromEntries(
    Object.entries(patch)
      .filter(([k, v]) => current[k as keyof Row] !== v)
      .map(([k, v]) => [k, { from: current[k as keyof Row], to: v }]),
  );
  if (Object.keys(changes).length === 0) return current;
  const now = ctx.clock.now();
  await writeWithEvent(ctx.db, {
    event: configuredEvent({ ...next, id }, now),
    now,
    alongside: [
      ctx.db
        .insert(equipmentHistory)
        .values({ equipmentId: id, eventType: "equipment.updated", data: changes, occurredAt: now }),
    ],
    change: [
      ctx.db
        .update(equipment)
        .set({ ...patch, updatedAt: now })
        .where(eq(equipment.id, id)),
    ],
  });
  await ctx.changed();
  return findEquipment(ctx.db, id);
}

export async function deleteEquipment(ctx: EquipmentContext, id: string): Promise<void> {
  const current = await findEquipment(ctx.db, id);
  const now = ctx.clock.now();
  // Readings, alarms and history stay: they are the food-safety record.
  await ctx.db.batch([
    ctx.db.delete(alarmRules).where(eq(alarmRules.equipmentId, id)),
    ctx.db.delete(equipment).where(eq(equipment.id, id)),
    ctx.db.insert(equipmentHistory).values({
      equipmentId: id,
      eventType: "equipment.deleted",
      data: { name: current.name },
      occurredAt: now,
    }),
  ]);
  await ctx.changed();
}

export async function equipmentHistoryOf(db: HubDb, id: string, limit = 200) {
  await findEquipment(db, id);
  return db
    .select()
    .from(equipmentHistory)
    .where(eq(equipmentHistory.equipmentId, id))
    .orderBy(desc(equipmentHistory.id))
    .limit(limit);
}

/** The settings in force: the stored ones, or the defaults for the type and range. */
export async function rulesOf(db: HubDb, id: string): Promise<{ rules: RuleConfig; custom: boolean }> {
  const e = await findEquipment(db, id);
  const [row] = await db.select().from(alarmRules).where(eq(alarmRules.equipmentId, id));
  return row
    ? { rules: row.config as RuleConfig, custom: true }
    : { rules: defaultRules(e.type, e), custom: false };
}

/**
 * Changes some settings; the result is validated whole. The change is an outbox event too (authority: a
 * change made on the hub is recorded and sent up, never a silent overwrite of the cloud's configuration).
 */
export async function updateRules(
  ctx: EquipmentContext,
  id: string,
  patch: Record<string, unknown>,
  origin: "hub" | "desired-state" = "hub",
) {
  const { rules } = await rulesOf(ctx.db, id);
  const parsed = ruleConfigSchema.safeParse({ ...rules, ...patch });
  if (!parsed.success) throw new AppError("VALIDATION_ERROR", "invalid alarm rules", parsed.error.issues);
  const now = ctx.clock.now();
  await ctx.db.batch([
    ctx.db
      .insert(alarmRules)
      .values({ equipmentId: id, config: parsed.data, updatedAt: now })
      .onConflictDoUpdate({ target: alarmRules.equipmentId, set: { config: parsed.data, updatedAt: now } }),
    ...emit(
      // Sync stamps the claimed site and hub on the way up.
      { db: ctx.db, now, source: { siteId: LOCAL_SITE, module: "monitoring" } },
      id,
      "equipment.rules.changed",
      now,
      { equipmentId: id, changes: patch, origin, changedAt: iso(now) },
      // The history keeps the settings as they were given.
      { history: patch },
    ),
  ]);
  await ctx.changed();
  return parsed.data;
}
