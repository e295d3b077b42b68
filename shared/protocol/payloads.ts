/** Payload schemas for each device channel (CBOR or JSON on the wire; see devices/PROTOCOL.md). */
import { z } from "zod";

import { DEVICE_KINDS } from "./kinds.ts";

// The kinds have their own zod-free file, so screens can name them without loading the schemas.
export {
  DEVICE_KINDS,
  type DeviceKind,
  MEASURING_KINDS,
  type MeasuringKind,
  measuresEquipment,
} from "./kinds.ts";

/** Largest accepted MQTT frame from a device, in bytes (topic + payload + header). */
export const MAX_FRAME_BYTES = 4096;

const epochMs = z.number().int().nonnegative();
const celsius = z.number().min(-100).max(200);

export const telemetrySchema = z
  .object({
    ts: epochMs.optional(),
    temperature: celsius.optional(),
    doorOpen: z.boolean().optional(),
    defrost: z.boolean().optional(),
    compressorOn: z.boolean().optional(),
    powerW: z.number().min(0).max(100_000).optional(),
  })
  .strict()
  .refine((t) => Object.keys(t).some((k) => k !== "ts"), "telemetry carries no measurement");
export type Telemetry = z.infer<typeof telemetrySchema>;

export const birthSchema = z
  .object({
    kind: z.enum(DEVICE_KINDS),
    model: z.string().max(64),
    firmware: z.string().max(32),
    capabilities: z.array(z.string().max(32)).max(32),
  })
  .strict();
export type Birth = z.infer<typeof birthSchema>;

export const statusSchema = z.object({ status: z.enum(["online", "offline"]) }).strict();
export type Status = z.infer<typeof statusSchema>;

export const EVENT_LEVELS = ["info", "warn", "error"] as const;
export type EventLevel = (typeof EVENT_LEVELS)[number];

/** An event named `fault` puts the device in ERROR; `fault-cleared` takes it out again. */
export const FAULT_EVENT = "fault";
export const FAULT_CLEARED_EVENT = "fault-cleared";

export const deviceEventSchema = z
  .object({
    ts: epochMs.optional(),
    name: z.string().min(1).max(64),
    level: z.enum(EVENT_LEVELS).optional(),
    message: z.string().max(200).optional(),
    data: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type DeviceEvent = z.infer<typeof deviceEventSchema>;

const stateValue = z.union([z.number(), z.boolean(), z.string().max(64), z.null()]);

/** Retained device state: a flat map of up to 32 scalar values, plus an optional device time. */
export const stateSchema = z
  .object({ ts: epochMs.optional() })
  .catchall(stateValue)
  .refine((s) => Object.keys(s).length <= 33, "state carries more than 32 values")
  .refine((s) => Object.keys(s).every((k) => k.length <= 32), "state keys are at most 32 characters");
export type DeviceState = z.infer<typeof stateSchema>;
