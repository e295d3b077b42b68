/** Room heating's events (issue 21): heater switches (bulk), set points, overrides, modes, safety and failures. */
import { z } from "zod";

const instant = z.string().datetime({ offset: true });
const room = { roomId: z.string(), roomName: z.string() };

/** A heater told to switch (bulk lane: many a day per room, for analytics, not for waking anyone). */
const heaterSwitched = z.object({
  ...room,
  heaterIds: z.array(z.string()),
  on: z.boolean(),
  /** The thermostat's reason ("below", "above", "stale", "max-temp", "window", …). */
  reason: z.string(),
  target: z.number(),
  temperature: z.number().nullable(),
  switchedAt: instant,
});

/** Where a change was made: at the hub (a person, maybe offline), by the cloud's desired state, or a remote action. */
const origin = z.enum(["hub", "desired-state", "remote-action"]);

const setpointChanged = z.object({ ...room, setPoint: z.number(), origin, changedAt: instant });
const overrideStarted = z.object({
  ...room,
  hold: z.enum(["override", "boost"]),
  setPoint: z.number(),
  until: instant,
  origin,
  by: z.string().nullable(),
  startedAt: instant,
});
const overrideEnded = z.object({ ...room, hold: z.enum(["override", "boost"]), endedAt: instant });
const modeChanged = z.object({
  ...room,
  mode: z.enum(["auto", "manual", "away", "off"]),
  origin,
  changedAt: instant,
});
/** A safety action: stale sensor (the room's stated action), max temperature, open window pause. */
const safetyTripped = z.object({
  ...room,
  cause: z.enum(["stale", "max-temp", "window"]),
  temperature: z.number().nullable(),
  action: z.string(),
  until: instant.nullable(),
  trippedAt: instant,
});
/** An alarm about a heater: it does not heat, does not acknowledge, or reports another state than commanded. */
const failureDetected = z.object({
  ...room,
  deviceId: z.string().nullable(),
  deviceName: z.string().nullable(),
  cause: z.enum(["no-heat", "no-ack", "state-mismatch"]),
  detail: z.string(),
  detectedAt: instant,
});
/** Energy per room per local day, from its meters (bulk lane). */
const energyRolledUp = z.object({
  ...room,
  /** The local date in the site's time zone, YYYY-MM-DD. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  kwh: z.number().nonnegative(),
  heatingMinutes: z.number().int().nonnegative(),
});

/** A room as it is now, for the owner app's live view: sent when the heater, target or its reason changes, and every 10 minutes. */
const roomStatus = z.object({
  ...room,
  space: z.string(),
  temperature: z.number().nullable(),
  target: z.number().nullable(),
  heaterOn: z.boolean(),
  /** schedule, preheat, manual, away, override, boost, frost. */
  source: z.string(),
  reason: z.string(),
  switchesLastHour: z.number().int().nonnegative(),
  maxSwitchesPerHour: z.number().int().positive(),
  predictedStart: instant.nullable(),
  at: instant,
});

export const HEATING_EVENTS = {
  "heating.room.status": { 1: roomStatus },
  "heating.heater.switched": { 1: heaterSwitched },
  "heating.setpoint.changed": { 1: setpointChanged },
  "heating.override.started": { 1: overrideStarted },
  "heating.override.ended": { 1: overrideEnded },
  "heating.mode.changed": { 1: modeChanged },
  "heating.safety.tripped": { 1: safetyTripped },
  "heating.failure.detected": { 1: failureDetected },
  "heating.energy.rolled-up": { 1: energyRolledUp },
} as const;

/** The heating events that ride the bulk lane. */
export const HEATING_BULK_EVENTS = ["heating.heater.switched", "heating.energy.rolled-up"] as const;
