/** Device kinds and which of them measure cold-chain equipment (no schemas: screens import this file alone). */
export const DEVICE_KINDS = [
  "FRIDGE",
  "FREEZER",
  "DISPENSER",
  "HEATER",
  "SENSOR",
  "CONTROLLER",
  "METER",
] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** The kinds that measure a piece of cold-chain equipment: pairing one creates (or binds) its equipment. */
export const MEASURING_KINDS = ["FRIDGE", "FREEZER"] as const satisfies readonly DeviceKind[];
export type MeasuringKind = (typeof MEASURING_KINDS)[number];

export function measuresEquipment(kind: string): kind is MeasuringKind {
  return (MEASURING_KINDS as readonly string[]).includes(kind);
}
