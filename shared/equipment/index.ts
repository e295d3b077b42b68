/** Equipment types and their default ranges: one home for the hub's monitoring, pairing and the cloud's desired state. */

export const EQUIPMENT_TYPES = ["FRIDGE", "FREEZER", "COLD_ROOM", "DISPLAY_CASE"] as const;
export type EquipmentType = (typeof EQUIPMENT_TYPES)[number];

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

/**
 * The device kinds that measure a piece of equipment (monitoring makes one when such a device is paired,
 * and ingest needs it loaded before their telemetry arrives): the one place that says so.
 */
export const MEASURING_DEVICE_KINDS = ["FRIDGE", "FREEZER"] as const;
export type MeasuringDeviceKind = (typeof MEASURING_DEVICE_KINDS)[number];

export function measuresEquipment(kind: string): kind is MeasuringDeviceKind {
  return (MEASURING_DEVICE_KINDS as readonly string[]).includes(kind);
}

/** The equipment type a measuring device makes when the installer names none. */
export function defaultEquipmentType(kind: MeasuringDeviceKind): EquipmentType {
  return kind === "FREEZER" ? "FREEZER" : "FRIDGE";
}
