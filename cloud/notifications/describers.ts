/**
 * One describer per event type of the catalog: the mapped type below makes a new catalog type a compile
 * error until it has its own describer, so no event can fall through to another one's text. A describer
 * answers null when its event warrants no notification. Nullable fields are only named when present.
 */
import { type AlarmKind, isTemperatureAlarm } from "../../shared/alarms/index.ts";
import type { EventData, EventType } from "../../shared/events/index.ts";
import { formatMoney } from "../../shared/money/index.ts";
import { MARKETPLACE_DESCRIBERS } from "../marketplace/describers.ts";

export interface Description {
  title: string;
  body: string;
}

const ALARM_NAMES: Record<AlarmKind, string> = {
  HIGH_TEMPERATURE: "high temperature",
  LOW_TEMPERATURE: "low temperature",
  DOOR_OPEN: "door open",
  SENSOR_STALE: "no readings from the sensor",
  POWER_LOSS: "power loss",
};

const RECOVERY_TITLES: Record<AlarmKind, string> = {
  HIGH_TEMPERATURE: "Temperature back in range",
  LOW_TEMPERATURE: "Temperature back in range",
  DOOR_OPEN: "Door closed",
  SENSOR_STALE: "Sensor readings resumed",
  POWER_LOSS: "Power restored",
};

const celsius = (value: number) => `${Math.round(value * 10) / 10} °C`;
const amount = (minor: number, currency: string) => formatMoney({ amount: minor, currency });
const time = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

function raised(d: EventData<"equipment.alarm.raised">): Description {
  const title = `${d.equipmentName}: ${ALARM_NAMES[d.kind]} alarm`;
  if (isTemperatureAlarm(d.kind) && d.temperature !== null) {
    const direction = d.kind === "HIGH_TEMPERATURE" ? "above" : "below";
    const limit = d.limit !== null ? ` the limit of ${celsius(d.limit)}` : " its limit";
    return { title, body: `${celsius(d.temperature)} is ${direction}${limit}.` };
  }
  const bodies: Record<AlarmKind, string> = {
    HIGH_TEMPERATURE: "The temperature is above its limit.",
    LOW_TEMPERATURE: "The temperature is below its limit.",
    DOOR_OPEN: "The door has been open too long.",
    SENSOR_STALE: "The sensor has stopped sending readings.",
    POWER_LOSS: "The unit reports no power.",
  };
  return { title, body: bodies[d.kind] };
}

export const DESCRIBERS: { [T in EventType]: (data: EventData<T>) => Description | null } = {
  "equipment.alarm.raised": raised,
  "equipment.alarm.acknowledged": (d) => ({
    title: "Alarm acknowledged",
    body: `The alarm on ${d.equipmentId} was acknowledged by ${d.acknowledgedBy} at ${time(d.acknowledgedAt)}${d.note ? `: “${d.note}”` : "."}`,
  }),
  "equipment.alarm.escalated": (d) => ({
    title: `${d.equipmentName}: ${ALARM_NAMES[d.kind]} alarm not acknowledged`,
    body: `Raised at ${time(d.raisedAt)} and still not acknowledged by anyone.`,
  }),
  "equipment.alarm.cleared": (d) => {
    const readings = [
      d.temperature !== null ? `now ${celsius(d.temperature)}` : null,
      d.peak !== null ? `peak ${celsius(d.peak)}` : null,
    ].filter((part): part is string => part !== null);
    return {
      title: RECOVERY_TITLES[d.kind],
      body: `The ${ALARM_NAMES[d.kind]} alarm on ${d.equipmentId} cleared at ${time(d.clearedAt)}${readings.length ? ` (${readings.join(", ")})` : ""}.`,
    };
  },
  "equipment.alarm.closed": (d) => ({
    title: "Alarm closed",
    body: `The alarm on ${d.equipmentId} was closed by ${d.closedBy}${d.correctiveAction ? `; corrective action: ${d.correctiveAction}` : "."}`,
  }),
  // The alarm events above already tell members what changed; a status line would repeat them.
  "equipment.status.changed": () => null,
  // Minute rollups feed charts, not people.
  "equipment.readings.rolled-up": () => null,
  "device.presence.changed": (d) =>
    d.status === "OFFLINE" || d.status === "ERROR"
      ? {
          title: `${d.name}: ${d.status === "OFFLINE" ? "offline" : "reporting errors"}`,
          body: `The ${d.kind.toLowerCase()} ${d.status === "OFFLINE" ? "went offline" : "went into ERROR"} at ${time(d.changedAt)}.`,
        }
      : null,
  // Rule changes are configuration history, kept in the event log; nobody is notified.
  "equipment.rules.changed": () => null,
  // Configuration carried up for the food-safety record; nobody is notified.
  "equipment.configured": () => null,
  "payment.succeeded": (d) => ({
    title: "Payment received",
    body: `${amount(d.amount, d.currency)} was paid at ${time(d.succeededAt)}.`,
  }),
  "payment.failed": (d) => ({
    title: "Payment failed",
    body: `A payment of ${amount(d.amount, d.currency)} failed at ${time(d.failedAt)}${d.reason ? `: ${d.reason}` : "."}`,
  }),
  "payment.refunded": (d) => ({
    title: d.fullyRefunded ? "Payment refunded" : "Payment partly refunded",
    body: `${amount(d.refundAmount, d.currency)} was refunded at ${time(d.refundedAt)} (${d.reason}); ${amount(d.refundedTotal, d.currency)} of ${amount(d.amount, d.currency)} refunded in all.`,
  }),
  ...MARKETPLACE_DESCRIBERS,
};

/** The describer of `type`; the cast is safe because DESCRIBERS is keyed by the same catalog type. */
export function describeEvent<T extends EventType>(type: T, data: EventData<T>): Description | null {
  return (DESCRIBERS[type] as (d: EventData<T>) => Description | null)(data);
}
