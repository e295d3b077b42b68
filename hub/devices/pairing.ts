/** Pairing: a device and the equipment it measures are created together; the secret is returned once. */
import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { DEVICE_KINDS } from "../../shared/protocol/index.ts";
import { devices, equipment, type HubDb } from "../db/index.ts";
import { logStatement } from "./device-log.ts";
import { nextRegistryVersion } from "./registry.ts";
import { hashSecret, newSecret } from "./secrets.ts";

const EQUIPMENT_TYPES = ["FRIDGE", "FREEZER", "COLD_ROOM", "DISPLAY_CASE"] as const;

/** Sensible ranges per equipment type (°C) when the installer gives none. */
const DEFAULT_RANGES: Record<(typeof EQUIPMENT_TYPES)[number], [number, number, number]> = {
  FRIDGE: [4, 0, 5],
  DISPLAY_CASE: [4, 0, 5],
  COLD_ROOM: [3, 0, 5],
  FREEZER: [-20, -25, -15],
};

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
  const measured = (input.kind === "FRIDGE" || input.kind === "FREEZER") && cloud?.equipmentId !== null;
  if (!measured) {
    await ctx.db.batch([device, paired]);
    return { id, secret, kind: input.kind, equipmentId: null };
  }
  const e = input.equipment ?? {};
  const type = e.type ?? (input.kind === "FREEZER" ? "FREEZER" : "FRIDGE");
  const [set, min, max] = DEFAULT_RANGES[type];
  const optimalMin = e.optimalMin ?? min;
  const optimalMax = e.optimalMax ?? max;
  if (optimalMin >= optimalMax) {
    throw new AppError("VALIDATION_ERROR", "optimalMin must be below optimalMax", { optimalMin, optimalMax });
  }
  if (e.serialNumber) {
    const [taken] = await ctx.db
      .select({ id: equipment.id })
      .from(equipment)
      .where(eq(equipment.serialNumber, e.serialNumber));
    if (taken) throw new AppError("CONFLICT", `serial number ${e.serialNumber} is already registered`);
  }
  const equipmentId = cloud?.equipmentId ?? uuidv7(now);
  await ctx.db.batch([
    device,
    paired,
    ctx.db.insert(equipment).values({
      ...e,
      id: equipmentId,
      deviceId: id,
      name: input.name,
      type,
      setTemperature: e.setTemperature ?? set,
      optimalMin,
      optimalMax,
      createdAt: now,
      updatedAt: now,
    }),
  ]);
  return { id, secret, kind: input.kind, equipmentId };
}
