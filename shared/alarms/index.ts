/** Alarm kinds, statuses and list filters: one home for the hub's monitoring, the event catalog, the live view and both apps. */
import { z } from "zod";

/** What an alarm is about; the hub's rule engine raises these. */
export const ALARM_KINDS = [
  "HIGH_TEMPERATURE",
  "LOW_TEMPERATURE",
  "DOOR_OPEN",
  "SENSOR_STALE",
  "POWER_LOSS",
] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];
// Pure: the web apps import the words above without bundling zod.
export const alarmKindSchema = /* @__PURE__ */ z.enum(ALARM_KINDS);

/** Excursions of the temperature: they carry a limit and a reading, and close with a corrective action. */
export const TEMPERATURE_ALARM_KINDS = [
  "HIGH_TEMPERATURE",
  "LOW_TEMPERATURE",
] as const satisfies readonly AlarmKind[];
export type TemperatureAlarmKind = (typeof TEMPERATURE_ALARM_KINDS)[number];
export const isTemperatureAlarm = (kind: string | null): kind is TemperatureAlarmKind =>
  kind === "HIGH_TEMPERATURE" || kind === "LOW_TEMPERATURE";

/** RAISED → ACKNOWLEDGED (by a named person) → CLEARED → CLOSED (with a corrective action). */
export const ALARM_STATUSES = ["RAISED", "ACKNOWLEDGED", "CLEARED", "CLOSED"] as const;
export type AlarmStatus = (typeof ALARM_STATUSES)[number];
export const alarmStatusSchema = /* @__PURE__ */ z.enum(ALARM_STATUSES);

/** Raised or acknowledged: the condition still holds (the `open` filter). */
export const OPEN_ALARM_STATUSES: readonly AlarmStatus[] = ["RAISED", "ACKNOWLEDGED"];
/** An alarm is acknowledged once, while raised or after it cleared (someone may still owe the record a name). */
export const ACKNOWLEDGEABLE_ALARM_STATUSES: readonly AlarmStatus[] = ["RAISED", "CLEARED"];

/** Alarm list filters, lower-case status words plus `open` and `all`; the hub's API and the cloud's take the same. */
export const ALARM_FILTERS = ["open", "raised", "acknowledged", "cleared", "closed", "all"] as const;
export type AlarmFilter = (typeof ALARM_FILTERS)[number];
export const alarmFilterSchema = /* @__PURE__ */ z.enum(ALARM_FILTERS);

/** The statuses each filter lists; undefined for every status. */
export const ALARM_FILTER_STATUSES: Record<AlarmFilter, readonly AlarmStatus[] | undefined> = {
  open: OPEN_ALARM_STATUSES,
  raised: ["RAISED"],
  acknowledged: ["ACKNOWLEDGED"],
  cleared: ["CLEARED"],
  closed: ["CLOSED"],
  all: undefined,
};
