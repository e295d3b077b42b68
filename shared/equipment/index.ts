/** Equipment types and their default ranges: one home for the hub's monitoring, pairing and the cloud's desired state. */
import type { MeasuringKind } from "../protocol/payloads.ts";

export const EQUIPMENT_TYPES = ["FRIDGE", "FREEZER", "COLD_ROOM", "DISPLAY_CASE"] as const;
export type EquipmentType = (typeof EQUIPMENT_TYPES)[number];

/** Each type as people say it (screens and printed records). */
export const EQUIPMENT_TYPE_WORDS: Record<EquipmentType, string> = {
  FRIDGE: "Fridge",
  FREEZER: "Freezer",
  COLD_ROOM: "Cold room",
  DISPLAY_CASE: "Display case",
};

/** Set temperature, optimal minimum and maximum (°C) per equipment type, when the installer gives none. */
export const DEFAULT_RANGES: Record<
  EquipmentType,
  { setTemperature: number; optimalMin: number; optimalMax: number }
> = {
  FRIDGE: { setTemperature: 4, optimalMin: 0, optimalMax: 5 },
  DISPLAY_CASE: { setTemperature: 4, optimalMin: 0, optimalMax: 5 },
  COLD_ROOM: { setTemperature: 3, optimalMin: 0, optimalMax: 5 },
  FREEZER: { setTemperature: -20, optimalMin: -25, optimalMax: -15 },
};

/** The equipment type a measuring device makes when the installer names none. */
export function defaultEquipmentType(kind: MeasuringKind): EquipmentType {
  return kind === "FREEZER" ? "FREEZER" : "FRIDGE";
}
