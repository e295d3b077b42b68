/** The event catalog: type → version → data schema. Producers and consumers both check against it. */
import { z } from "zod";
import { AppError } from "../errors/index.ts";
import { type EventEnvelope, envelopeSchema } from "./envelope.ts";

const alarmKind = z.enum(["HIGH_TEMPERATURE", "LOW_TEMPERATURE"]);

const alarmRaised = z.object({
  alarmId: z.string(),
  equipmentId: z.string(),
  equipmentName: z.string(),
  kind: alarmKind,
  temperature: z.number(),
  limit: z.number(),
  raisedAt: z.string().datetime({ offset: true }),
});

const alarmCleared = z.object({
  alarmId: z.string(),
  equipmentId: z.string(),
  kind: alarmKind,
  temperature: z.number(),
  peak: z.number(),
  clearedAt: z.string().datetime({ offset: true }),
});

export const EVENT_CATALOG = {
  "equipment.alarm.raised": { 1: alarmRaised },
  "equipment.alarm.cleared": { 1: alarmCleared },
} as const satisfies Record<string, Record<number, z.ZodType>>;

export type EventType = keyof typeof EVENT_CATALOG;
export type EventData<T extends EventType> = z.infer<(typeof EVENT_CATALOG)[T][1]>;
export type AlarmRaisedData = EventData<"equipment.alarm.raised">;
export type AlarmClearedData = EventData<"equipment.alarm.cleared">;

export function isKnownEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_CATALOG, type);
}

/** Validates an envelope and its data against the catalog; throws VALIDATION_ERROR with the reason. */
export function parseEvent(input: unknown): EventEnvelope {
  const env = envelopeSchema.safeParse(input);
  if (!env.success) {
    throw new AppError("VALIDATION_ERROR", "invalid event envelope", env.error.issues);
  }
  const { type, version } = env.data;
  if (!isKnownEventType(type)) {
    throw new AppError("VALIDATION_ERROR", `unknown event type ${type}`);
  }
  const versions: Record<number, z.ZodType> = EVENT_CATALOG[type];
  const schema = versions[version];
  if (!schema) throw new AppError("VALIDATION_ERROR", `unknown version ${version} of ${type}`);
  const data = schema.safeParse(env.data.data);
  if (!data.success) {
    throw new AppError("VALIDATION_ERROR", `invalid data for ${type}@${version}`, data.error.issues);
  }
  return { ...env.data, data: data.data };
}
