/**
 * Desired-state sections for the device plane and cold-chain monitoring (cloud → hub). The cloud owns these
 * fields; the hub applies them whole (see hub/desired-state for who wins per field).
 */
import { z } from "zod";
import { EQUIPMENT_TYPES } from "../equipment/index.ts";
import { DEVICE_KINDS } from "../protocol/index.ts";

const id = z.string().min(1).max(64);
const temperature = z.number().min(-60).max(30);

/**
 * Devices the hub should accept. `secretHash` is `sha256$<salt b64url>$<SHA-256(salt ‖ secret) b64url>`, the
 * hub's own format: the secret itself never leaves the cloud's pairing answer.
 */
export const devicesSection = z.object({
  devices: z
    .array(
      z.object({
        id: z.string().regex(/^dev-[a-z0-9]{6,40}$/),
        kind: z.enum(DEVICE_KINDS),
        name: z.string().trim().min(1).max(80),
        secretHash: z.string().regex(/^sha256\$[A-Za-z0-9_-]{16,64}\$[A-Za-z0-9_-]{43}$/),
        /** The equipment this device measures (fridges and freezers), made with it. */
        equipmentId: id.nullable(),
        revoked: z.boolean(),
      }),
    )
    .max(1000),
});
export type DevicesSection = z.infer<typeof devicesSection>;

/** Equipment records and their ranges, by the cloud's ids. */
export const equipmentSection = z.object({
  equipment: z
    .array(
      z.object({
        id,
        deviceId: id.nullable(),
        name: z.string().trim().min(1).max(80),
        type: z.enum(EQUIPMENT_TYPES),
        setTemperature: temperature,
        optimalMin: temperature,
        optimalMax: temperature,
      }),
    )
    .max(1000),
});
export type EquipmentSection = z.infer<typeof equipmentSection>;

/** Alarm rule settings per equipment; the hub validates each merged result against its own rule schema. */
export const alarmRuleSettings = z.record(
  z.string().regex(/^[a-z][a-zA-Z]*$/),
  z.number().min(-1e9).max(1e9),
);
export const rulesSection = z.object({
  rules: z.array(z.object({ equipmentId: id, settings: alarmRuleSettings })).max(1000),
});
export type RulesSection = z.infer<typeof rulesSection>;
