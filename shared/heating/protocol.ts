/** Telemetry of room heating devices (devices/PROTOCOL.md, "Room heating"): room sensors and energy meters. */
import { z } from "zod";

const epochMs = z.number().int().nonnegative();

/** A room sensor's reading: temperature °C, relative humidity %. */
export const roomSensorTelemetrySchema = z
  .object({
    ts: epochMs.optional(),
    temperature: z.number().min(-40).max(80),
    humidity: z.number().min(0).max(100).optional(),
  })
  .strict();

/** An energy meter's reading (or a heater's own): power now in W, and its running energy count in Wh if it keeps one. */
export const meterTelemetrySchema = z
  .object({
    ts: epochMs.optional(),
    powerW: z.number().min(0).max(100_000),
    energyWh: z.number().min(0).optional(),
  })
  .strict();

/** A heater's retained state: its relay, and its power level (0–100 %) when it has levels. */
export const heaterStateSchema = z.object({
  on: z.boolean(),
  level: z.number().int().min(0).max(100).optional(),
});
