/** Pairing: a device and the equipment it measures are created together; the secret is returned once. */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import type { Clock } from "../../shared/clock/index.ts";
import { defaultEquipmentType } from "../../shared/equipment/index.ts";
import { DEVICE_KINDS, measuresEquipment } from "../../shared/protocol/index.ts";
import { devices, type HubDb } from "../db/index.ts";
import { equipmentCreation } from "../monitoring/equipment.ts";
import { DEFAULT_RANGES, EQUIPMENT_TYPES } from "../monitoring/rules/index.ts";
import { logStatement } from "./device-log.ts";
import { nextRegistryVersion } from "./registry.ts";
import { hashSecret, newSecret } from "./secrets.ts";

export const pairDeviceSchema = z
  .object({
    kind: z.enum(DEVICE_KINDS),
    name: z.string().trim().min(1).max(80),
    equipment: z
      .object({
        type: z.enum(EQUIPMENT_TYPES).optional(),
        model: z.string().max(80).optional(),
        manufacturer: z.string().max(80).optional(),
        serialNumber: z.string().max(80).optional(),
        code: z.string().max(40).optional(),
        setTemperature: z.number().min(-60).max(30).optional(),
        optimalMin: z.number().min(-60).max(30).optional(),
        optimalMax: z.number().min(-60).max(30).optional(),
        locationName: z.string().max(120).optional(),
        locationAddress: z.string().max(200).optional(),
        locationLat: z.number().min(-90).max(90).optional(),
        locationLon: z.number().min(-180).max(180).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type PairDeviceInput = z.infer<typeof pairDeviceSchema>;

export interface PairedDevice {
  id: string;
  secret: string;
  kind: string;
  equipmentId: string | null;
}

/**
 * A device paired in the cloud comes down in desired state with its id, the hash of the secret the cloud
 * showed its owner, and the id of its equipment; the secret itself never reaches the hub.
 */
export interface CloudCredential {
  id: string;
  secretHash: string;
  equipmentId: string | null;
}

/** Creates the device (and its equipment for fridges and freezers) in one write. */
export async function pairDevice(
  ctx: { db: HubDb; clock: Clock },
  input: PairDeviceInput,
  cloud?: CloudCredential,
): Promise<PairedDevice> {
  const now = ctx.clock.now();
  const id = cloud?.id ?? `dev-${randomBytes(6).toString("hex")}`;
  const secret = cloud ? "" : newSecret();
  const device = ctx.db.insert(devices).values({
    id,
    kind: input.kind,
    name: input.name,
    secretHash: cloud?.secretHash ?? hashSecret(secret),
    pairedAt: now,
    registryVersion: nextRegistryVersion,
  });
  const paired = logStatement(ctx.db, {
    deviceId: id,
    level: "info",
    type: "paired",
    message: `paired as ${input.kind} "${input.name}"`,
    at: now,
  });
  if (!measuresEquipment(input.kind) || cloud?.equipmentId === null) {
    await ctx.db.batch([device, paired]);
    return { id, secret, kind: input.kind, equipmentId: null };
  }
  const e = input.equipment ?? {};
  const type = e.type ?? defaultEquipmentType(input.kind);
  // The same verb as POST /api/equipment: range and set-temperature checks, serial number, history row.
  const range = { ...DEFAULT_RANGES[type], ...e };
  // A range given without a set temperature: the type's own when it lies inside, else the middle.
  if (
    e.setTemperature === undefined &&
    (range.setTemperature < range.optimalMin || range.setTemperature > range.optimalMax)
  )
    range.setTemperature = (range.optimalMin + range.optimalMax) / 2;
  const created = await equipmentCreation(ctx.db, { ...range, type, name: input.name, deviceId: id }, now, {
    newDevice: true,
    ...(cloud?.equipmentId ? { id: cloud.equipmentId } : {}),
  });
  await ctx.db.batch([device, paired, ...created.statements]);
  return { id, secret, kind: input.kind, equipmentId: created.id };
}
