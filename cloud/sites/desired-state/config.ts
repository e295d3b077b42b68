/** What site owners configure for their hub from the cloud: devices, equipment and alarm rules (desired state). */
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../../../shared/clock/index.ts";
import { alarmRuleSettings } from "../../../shared/desired-state/index.ts";
import {
  DEFAULT_RANGES,
  defaultEquipmentType,
  EQUIPMENT_TYPES,
  type EquipmentType,
} from "../../../shared/equipment/index.ts";
import { AppError } from "../../../shared/errors/index.ts";
import { uuidv7 } from "../../../shared/ids/index.ts";
import { DEVICE_KINDS, measuresEquipment } from "../../../shared/protocol/index.ts";
import type { SiteLedgers } from "../ledger/types.ts";
import { checkEquipmentLimit, type PlanLimitDeps } from "../plan-limits.ts";
import * as schema from "../schema.ts";
import { requireMembership, type SitesDb } from "../sites.ts";
import { hashDeviceSecret, newDeviceId, newDeviceSecret } from "./device-secret.ts";

export interface ConfigDeps extends PlanLimitDeps {
  db: SitesDb;
  clock: Clock;
  ledgers?: SiteLedgers;
}

const temperature = z.number().min(-60).max(30);
export const pairSiteDeviceSchema = z
  .object({
    kind: z.enum(DEVICE_KINDS),
    name: z.string().trim().min(1).max(80),
    equipment: z
      .object({
        type: z.enum(EQUIPMENT_TYPES).optional(),
        setTemperature: temperature.optional(),
        optimalMin: temperature.optional(),
        optimalMax: temperature.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export const equipmentConfigSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    type: z.enum(EQUIPMENT_TYPES),
    setTemperature: temperature,
    optimalMin: temperature,
    optimalMax: temperature,
  })
  .strict();
export const alarmRulesConfigSchema = alarmRuleSettings;

async function requireOwner(deps: ConfigDeps, siteId: string, userId: string): Promise<void> {
  await requireMembership(deps, { siteId, userId, roles: ["OWNER"] });
}

function checkRange(e: { optimalMin: number; optimalMax: number; setTemperature: number }): void {
  if (e.optimalMin >= e.optimalMax)
    throw new AppError("VALIDATION_ERROR", "optimalMin must be below optimalMax");
  if (e.setTemperature < e.optimalMin || e.setTemperature > e.optimalMax) {
    throw new AppError("VALIDATION_ERROR", "setTemperature must lie within the optimal range");
  }
}

/**
 * Pairs a device from the cloud (OWNER): the secret is returned once and only its hash is kept and sent
 * down; fridges and freezers get their equipment in the same batch. The hub accepts it after its next sync.
 */
export async function pairSiteDevice(
  deps: ConfigDeps,
  input: { siteId: string; userId: string } & z.infer<typeof pairSiteDeviceSchema>,
): Promise<{ id: string; secret: string; kind: string; equipmentId: string | null }> {
  await requireOwner(deps, input.siteId, input.userId);
  const now = deps.clock.now();
  const id = newDeviceId();
  const secret = newDeviceSecret();
  const { kind } = input;
  const measured = measuresEquipment(kind);
  let equipment: typeof schema.siteEquipment.$inferInsert | null = null;
  if (measured) {
    await checkEquipmentLimit(deps, input.siteId);
    const type: EquipmentType = input.equipment?.type ?? defaultEquipmentType(kind);
    const d = DEFAULT_RANGES[type];
    equipment = {
      id: uuidv7(now),
      siteId: input.siteId,
      deviceId: id,
      name: input.name,
      type,
      setTemperature: input.equipment?.setTemperature ?? d.setTemperature,
      optimalMin: input.equipment?.optimalMin ?? d.optimalMin,
      optimalMax: input.equipment?.optimalMax ?? d.optimalMax,
      updatedAt: now,
    };
    checkRange(equipment);
  }
  const device = deps.db.insert(schema.siteDevices).values({
    id,
    siteId: input.siteId,
    kind: input.kind,
    name: input.name,
    secretHash: await hashDeviceSecret(secret),
    equipmentId: equipment?.id ?? null,
    pairedBy: input.userId,
    pairedAt: now,
  });
  // Equipment first: a device row never names equipment that is not there.
  if (equipment) await deps.db.insert(schema.siteEquipment).values(equipment);
  await device;
  return { id, secret, kind: input.kind, equipmentId: equipment?.id ?? null };
}

/** Revokes a cloud-paired device (OWNER); the hub refuses it from the next desired-state version. */
export async function revokeSiteDevice(
  deps: ConfigDeps,
  input: { siteId: string; userId: string; deviceId: string },
): Promise<void> {
  await requireOwner(deps, input.siteId, input.userId);
  const rows = await deps.db
    .update(schema.siteDevices)
    .set({ revokedAt: deps.clock.now() })
    .where(and(eq(schema.siteDevices.id, input.deviceId), eq(schema.siteDevices.siteId, input.siteId)))
    .returning({ id: schema.siteDevices.id });
  if (rows.length === 0) throw new AppError("NOT_FOUND", "no such device in this site");
}

/** One unit of this site: ids are keyed by (site, id), so another site's unit is simply not here. */
const unitOf = (siteId: string, equipmentId: string) =>
  and(eq(schema.siteEquipment.siteId, siteId), eq(schema.siteEquipment.id, equipmentId));

/**
 * Creates or replaces one piece of equipment's configuration (OWNER). The id is the caller's (hub-made
 * equipment is configured by its hub's id), and it names a unit of this site only: the same id in another
 * site is another row, never taken over.
 */
export async function putSiteEquipment(
  deps: ConfigDeps,
  input: { siteId: string; userId: string; equipmentId: string } & z.infer<typeof equipmentConfigSchema>,
) {
  await requireOwner(deps, input.siteId, input.userId);
  checkRange(input);
  const existing = await deps.db
    .select({ deviceId: schema.siteEquipment.deviceId })
    .from(schema.siteEquipment)
    .where(unitOf(input.siteId, input.equipmentId))
    .get();
  if (!existing) await checkEquipmentLimit(deps, input.siteId);
  const row = {
    id: input.equipmentId,
    siteId: input.siteId,
    deviceId: existing?.deviceId ?? null,
    name: input.name,
    type: input.type,
    setTemperature: input.setTemperature,
    optimalMin: input.optimalMin,
    optimalMax: input.optimalMax,
    updatedAt: deps.clock.now(),
  };
  await deps.db
    .insert(schema.siteEquipment)
    .values(row)
    .onConflictDoUpdate({
      target: [schema.siteEquipment.siteId, schema.siteEquipment.id],
      // The device link is the pairing's, never the caller's: a concurrent pairing keeps its link.
      set: { ...row, id: undefined, siteId: undefined, deviceId: undefined },
    });
  const { siteId: _s, updatedAt: _u, ...view } = row;
  return view;
}

/** Sets one piece of equipment's alarm rule settings (OWNER); the hub validates the merged rules. */
export async function putAlarmRules(
  deps: ConfigDeps,
  input: { siteId: string; userId: string; equipmentId: string; settings: z.infer<typeof alarmRuleSettings> },
) {
  await requireOwner(deps, input.siteId, input.userId);
  const equipment = await deps.db
    .select({ id: schema.siteEquipment.id })
    .from(schema.siteEquipment)
    .where(unitOf(input.siteId, input.equipmentId))
    .get();
  if (!equipment) throw new AppError("NOT_FOUND", "no such equipment in this site");
  const settings = JSON.stringify(input.settings);
  const now = deps.clock.now();
  await deps.db
    .insert(schema.siteAlarmRules)
    .values({ equipmentId: input.equipmentId, siteId: input.siteId, settings, updatedAt: now })
    .onConflictDoUpdate({
      target: [schema.siteAlarmRules.siteId, schema.siteAlarmRules.equipmentId],
      set: { settings, updatedAt: now },
    });
  return { equipmentId: input.equipmentId, settings: input.settings };
}

/** The alarm rule settings the cloud sends down for one unit (any member); `{}` when the hub's own apply. */
export async function alarmRulesOf(
  deps: ConfigDeps,
  input: { siteId: string; userId: string; equipmentId: string },
): Promise<{ equipmentId: string; settings: z.infer<typeof alarmRuleSettings> }> {
  await requireMembership(deps, { siteId: input.siteId, userId: input.userId });
  const row = await deps.db
    .select({ settings: schema.siteAlarmRules.settings })
    .from(schema.siteAlarmRules)
    .where(
      and(
        eq(schema.siteAlarmRules.siteId, input.siteId),
        eq(schema.siteAlarmRules.equipmentId, input.equipmentId),
      ),
    )
    .get();
  return { equipmentId: input.equipmentId, settings: row ? JSON.parse(row.settings) : {} };
}
