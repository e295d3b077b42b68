/** Alarm rule settings per equipment, with defaults per equipment type (what cold-chain controllers ship with). */
import { z } from "zod";
import type { EquipmentType } from "../../../shared/equipment/index.ts";

const MIN = 60_000;

export { DEFAULT_RANGES, EQUIPMENT_TYPES, type EquipmentType } from "../../../shared/equipment/index.ts";

export const ruleConfigSchema = z
  .object({
    highLimit: z.number().min(-60).max(40),
    lowLimit: z.number().min(-60).max(40),
    /** How long a temperature must stay beyond a limit before the alarm is raised. */
    highDelayMs: z
      .number()
      .int()
      .min(0)
      .max(24 * 60 * MIN),
    lowDelayMs: z
      .number()
      .int()
      .min(0)
      .max(24 * 60 * MIN),
    /** A raised alarm clears only this far back inside the limit (°C). */
    hysteresis: z.number().min(0).max(10),
    /** High-temperature masking after a defrost ends, while the coil pulls the cabinet down again. */
    defrostRecoveryMs: z
      .number()
      .int()
      .min(0)
      .max(4 * 60 * MIN),
    /** A defrost reported for longer than this no longer masks anything: a stuck defrost is a fault. */
    maxDefrostMs: z
      .number()
      .int()
      .min(0)
      .max(8 * 60 * MIN),
    /** Door open this long raises DOOR_OPEN; until then, readings taken with the door open do not start an excursion. */
    doorOpenAlarmMs: z
      .number()
      .int()
      .min(0)
      .max(4 * 60 * MIN),
    /** No reading for this long raises SENSOR_STALE. */
    staleMs: z
      .number()
      .int()
      .min(MIN)
      .max(24 * 60 * MIN),
    /** Mains power reported lost (powerW = 0) for this long raises POWER_LOSS. */
    powerLossDelayMs: z
      .number()
      .int()
      .min(0)
      .max(4 * 60 * MIN),
    /** A raised alarm nobody acknowledged within this long escalates (once). */
    escalateAfterMs: z
      .number()
      .int()
      .min(MIN)
      .max(24 * 60 * MIN),
  })
  .refine((c) => c.lowLimit < c.highLimit, "lowLimit must be below highLimit");
export type RuleConfig = z.infer<typeof ruleConfigSchema>;

const COMMON = {
  hysteresis: 0.5,
  staleMs: 15 * MIN,
  powerLossDelayMs: 5 * MIN,
  escalateAfterMs: 30 * MIN,
};

/** Defaults by type, around the equipment's optimal range. */
export function defaultRules(
  type: EquipmentType,
  range: { optimalMin: number; optimalMax: number },
): RuleConfig {
  const limits = { highLimit: range.optimalMax, lowLimit: range.optimalMin };
  switch (type) {
    case "FREEZER":
      return {
        ...COMMON,
        ...limits,
        highDelayMs: 60 * MIN,
        lowDelayMs: 60 * MIN,
        defrostRecoveryMs: 45 * MIN,
        maxDefrostMs: 60 * MIN,
        doorOpenAlarmMs: 3 * MIN,
        hysteresis: 1,
      };
    case "COLD_ROOM":
      return {
        ...COMMON,
        ...limits,
        highDelayMs: 30 * MIN,
        lowDelayMs: 30 * MIN,
        defrostRecoveryMs: 30 * MIN,
        maxDefrostMs: 45 * MIN,
        doorOpenAlarmMs: 10 * MIN,
      };
    default:
      return {
        ...COMMON,
        ...limits,
        highDelayMs: 30 * MIN,
        lowDelayMs: 30 * MIN,
        defrostRecoveryMs: 20 * MIN,
        maxDefrostMs: 45 * MIN,
        doorOpenAlarmMs: 5 * MIN,
      };
  }
}
