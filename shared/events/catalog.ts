/** The event catalog: type → version → data schema. Producers and consumers both check against it. */
import { z } from "zod";
import { alarmKindSchema } from "../alarms/index.ts";
import { AppError } from "../errors/index.ts";
import { PRESENCE_STATUSES } from "../protocol/index.ts";
import { BOOKINGS_EVENTS } from "./bookings.ts";
import { DISPENSING_EVENTS } from "./dispensing.ts";
import { type EventEnvelope, envelopeSchema } from "./envelope.ts";
import { HEATING_EVENTS } from "./heating.ts";
import { HUB_EVENTS } from "./hubs.ts";
import { MARKETPLACE_EVENTS } from "./marketplace.ts";

const instant = z.string().datetime({ offset: true });

const alarmRaised = z.object({
  alarmId: z.string(),
  equipmentId: z.string(),
  equipmentName: z.string(),
  kind: alarmKindSchema,
  /** The reading that raised it; null for alarms that are not about temperature. */
  temperature: z.number().nullable(),
  limit: z.number().nullable(),
  raisedAt: instant,
});

const alarmAcknowledged = z.object({
  alarmId: z.string(),
  equipmentId: z.string(),
  acknowledgedBy: z.string(),
  note: z.string().nullable(),
  acknowledgedAt: instant,
});

const alarmEscalated = z.object({
  alarmId: z.string(),
  equipmentId: z.string(),
  equipmentName: z.string(),
  kind: alarmKindSchema,
  raisedAt: instant,
  escalatedAt: instant,
});

const alarmCleared = z.object({
  alarmId: z.string(),
  equipmentId: z.string(),
  kind: alarmKindSchema,
  temperature: z.number().nullable(),
  peak: z.number().nullable(),
  clearedAt: instant,
});

const alarmClosed = z.object({
  alarmId: z.string(),
  equipmentId: z.string(),
  closedBy: z.string(),
  correctiveAction: z.string().nullable(),
  closedAt: instant,
});

const statusChanged = z.object({
  equipmentId: z.string(),
  equipmentName: z.string(),
  status: z.enum(["OK", "ALARM"]),
  previous: z.enum(["OK", "ALARM"]),
  activeAlarms: z.number().int().nonnegative(),
  changedAt: instant,
});

/** Minute rollups of one unit's temperatures, sent up in the bulk lane (the cloud keeps no raw readings). */
const readingsRolledUp = z.object({
  equipmentId: z.string(),
  equipmentName: z.string(),
  minutes: z
    .array(
      z.object({
        /** Start of the minute (hub time). */
        at: instant,
        min: z.number(),
        max: z.number(),
        mean: z.number(),
        count: z.number().int().positive(),
      }),
    )
    .min(1)
    .max(1440),
});

/** A device went online, offline, or into ERROR on the hub (presence for the cloud's live view). */
const devicePresence = z.object({
  deviceId: z.string(),
  kind: z.string(),
  name: z.string(),
  status: z.enum(PRESENCE_STATUSES),
  equipmentId: z.string().nullable(),
  changedAt: instant,
});

/** Billing (seed 003): the module that owns the payable consumes these (dispensing signs the QR, service marks the work order paid). */
const paymentFields = {
  paymentId: z.string(),
  payableKind: z.string(),
  payableId: z.string(),
  accountId: z.string(),
  /** Integer minor units with the ISO 4217 currency (lower-case, as Stripe writes it). */
  amount: z.number().int().nonnegative(),
  currency: z.string().length(3),
  stripePaymentIntentId: z.string(),
};
const paymentSucceeded = z.object({ ...paymentFields, succeededAt: instant });
const paymentFailed = z.object({ ...paymentFields, reason: z.string().nullable(), failedAt: instant });
const paymentRefunded = z.object({
  ...paymentFields,
  refundId: z.string(),
  /** This refund's amount; `refundedTotal` is every refund of the payment so far. */
  refundAmount: z.number().int().positive(),
  refundedTotal: z.number().int().positive(),
  fullyRefunded: z.boolean(),
  reason: z.string(),
  refundedAt: instant,
});

/**
 * Alarm rule settings changed on the hub. `origin` says who changed them: a person at the hub ("hub", for
 * example offline; the cloud's next desired state wins for the settings it lists) or the cloud's desired
 * state being applied ("desired-state").
 */
const rulesChanged = z.object({
  equipmentId: z.string(),
  changes: z.record(z.string(), z.unknown()),
  origin: z.enum(["hub", "desired-state"]),
  changedAt: instant,
});

/**
 * A unit's configuration as the hub holds it: sent when equipment is created or changed on the hub (and once
 * for every unit a hub already had), so the cloud's food-safety record knows the configured range.
 */
/** A unit's newest reading, throttled per unit by the hub (seconds, not minutes): what the live tiles show. */
const readingLatest = z.object({
  equipmentId: z.string(),
  equipmentName: z.string(),
  temperature: z.number(),
  /** When the reading was taken (hub time). */
  at: instant,
});

const equipmentConfigured = z.object({
  equipmentId: z.string(),
  equipmentName: z.string(),
  type: z.string(),
  setTemperature: z.number(),
  /** The configured range the record is judged against, °C. */
  optimalMin: z.number(),
  optimalMax: z.number(),
  location: z.string().nullable(),
  configuredAt: instant,
});

export const EVENT_CATALOG = {
  "equipment.alarm.raised": { 1: alarmRaised },
  "equipment.alarm.acknowledged": { 1: alarmAcknowledged },
  "equipment.alarm.escalated": { 1: alarmEscalated },
  "equipment.alarm.cleared": { 1: alarmCleared },
  "equipment.alarm.closed": { 1: alarmClosed },
  "equipment.status.changed": { 1: statusChanged },
  "equipment.rules.changed": { 1: rulesChanged },
  "equipment.configured": { 1: equipmentConfigured },
  "equipment.readings.rolled-up": { 1: readingsRolledUp },
  "equipment.reading.latest": { 1: readingLatest },
  "device.presence.changed": { 1: devicePresence },
  "payment.succeeded": { 1: paymentSucceeded },
  "payment.failed": { 1: paymentFailed },
  "payment.refunded": { 1: paymentRefunded },
  ...BOOKINGS_EVENTS,
  ...HEATING_EVENTS,
  ...DISPENSING_EVENTS,
  ...HUB_EVENTS,
  ...MARKETPLACE_EVENTS,
} as const satisfies Record<string, Record<number, z.ZodType>>;

export type EventType = keyof typeof EVENT_CATALOG;
export type EventData<T extends EventType> = z.infer<(typeof EVENT_CATALOG)[T][1]>;
export type AlarmRaisedData = EventData<"equipment.alarm.raised">;
export type EquipmentConfiguredData = EventData<"equipment.configured">;
export type AlarmClearedData = EventData<"equipment.alarm.cleared">;
export type PaymentSucceededData = EventData<"payment.succeeded">;
export type PaymentFailedData = EventData<"payment.failed">;
export type PaymentRefundedData = EventData<"payment.refunded">;

export function isKnownEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_CATALOG, type);
}

/** The version producers write now: the highest the catalog holds for the type. */
export function currentVersion(type: EventType): number {
  return Math.max(...Object.keys(EVENT_CATALOG[type]).map(Number));
}

/**
 * Validates an envelope and, where the catalog knows its type and version, its data. An event of a type or
 * version this build does not know yet (a newer hub) comes back with `known: false`: it is kept, not refused.
 * A bad envelope, or bad data for a known type, throws VALIDATION_ERROR with the reason.
 */
export function readEvent(input: unknown): { event: EventEnvelope; known: boolean } {
  const env = envelopeSchema.safeParse(input);
  if (!env.success) {
    throw new AppError("VALIDATION_ERROR", "invalid event envelope", env.error.issues);
  }
  const { type, version } = env.data;
  const versions: Record<number, z.ZodType> | undefined = isKnownEventType(type)
    ? EVENT_CATALOG[type]
    : undefined;
  const schema = versions?.[version];
  if (!schema) return { event: env.data as EventEnvelope, known: false };
  const data = schema.safeParse(env.data.data);
  if (!data.success) {
    throw new AppError("VALIDATION_ERROR", `invalid data for ${type}@${version}`, data.error.issues);
  }
  return { event: { ...env.data, data: data.data }, known: true };
}

/** Validates an envelope and its data against the catalog; throws VALIDATION_ERROR with the reason. */
export function parseEvent(input: unknown): EventEnvelope {
  const { event, known } = readEvent(input);
  if (!known) {
    throw new AppError(
      "VALIDATION_ERROR",
      isKnownEventType(event.type)
        ? `unknown version ${event.version} of ${event.type}`
        : `unknown event type ${event.type}`,
    );
  }
  return event;
}
