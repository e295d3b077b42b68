/** Samples of the sites module's event types, each kind and each nullable field (the catalog test renders them). */
import { ALARM_KINDS } from "../../shared/alarms/index.ts";
import type { EventData } from "../../shared/events/index.ts";
import { PRESENCE_STATUSES } from "../../shared/protocol/index.ts";

const at = "2026-06-01T12:00:00.000Z";
const KINDS = ALARM_KINDS;
const alarm = { alarmId: "alarm-1", equipmentId: "e1", equipmentName: "Dairy fridge" };

type SitesType =
  | "equipment.alarm.raised"
  | "equipment.alarm.acknowledged"
  | "equipment.alarm.escalated"
  | "equipment.alarm.cleared"
  | "equipment.alarm.closed"
  | "equipment.status.changed"
  | "equipment.readings.rolled-up"
  | "equipment.rules.changed"
  | "equipment.configured"
  | "equipment.reading.latest"
  | "device.presence.changed"
  | "hub.offline"
  | "hub.online";

export const SITES_SAMPLES: { [T in SitesType]: EventData<T>[] } = {
  "equipment.alarm.raised": KINDS.flatMap((kind) => [
    { ...alarm, kind, temperature: 9.46, limit: 8, raisedAt: at },
    { ...alarm, kind, temperature: null, limit: null, raisedAt: at },
    { ...alarm, kind, temperature: 9, limit: null, raisedAt: at },
  ]),
  "equipment.alarm.acknowledged": [
    {
      alarmId: "alarm-1",
      equipmentId: "e1",
      acknowledgedBy: "Ana Berg (user-1)",
      note: "moving stock",
      acknowledgedAt: at,
    },
    { alarmId: "alarm-1", equipmentId: "e1", acknowledgedBy: "user-1", note: null, acknowledgedAt: at },
  ],
  "equipment.alarm.escalated": KINDS.map((kind) => ({ ...alarm, kind, raisedAt: at, escalatedAt: at })),
  "equipment.alarm.cleared": KINDS.flatMap((kind) => [
    { alarmId: "alarm-1", equipmentId: "e1", kind, temperature: 6.5, peak: 10.5, clearedAt: at },
    { alarmId: "alarm-1", equipmentId: "unknown-unit", kind, temperature: null, peak: null, clearedAt: at },
  ]),
  "equipment.alarm.closed": [
    {
      alarmId: "alarm-1",
      equipmentId: "e1",
      closedBy: "Ana Berg (user-1)",
      correctiveAction: "moved stock",
      closedAt: at,
    },
    {
      alarmId: "alarm-1",
      equipmentId: "e1",
      closedBy: "Ana Berg (user-1)",
      correctiveAction: null,
      closedAt: at,
    },
  ],
  "equipment.status.changed": [
    {
      equipmentId: "e1",
      equipmentName: "Dairy fridge",
      status: "ALARM",
      previous: "OK",
      activeAlarms: 1,
      changedAt: at,
    },
  ],
  "equipment.readings.rolled-up": [
    {
      equipmentId: "e1",
      equipmentName: "Dairy fridge",
      minutes: [{ at, min: 3, max: 4, mean: 3.5, count: 6 }],
    },
  ],
  "device.presence.changed": PRESENCE_STATUSES.map((status) => ({
    deviceId: "d1",
    kind: "FRIDGE",
    name: "Back fridge",
    status,
    equipmentId: null,
    changedAt: at,
  })),
  "equipment.rules.changed": (["hub", "desired-state"] as const).map((origin) => ({
    equipmentId: "e1",
    changes: { highDelayMs: 0 },
    origin,
    changedAt: at,
  })),
  "equipment.configured": [
    {
      equipmentId: "e1",
      equipmentName: "Drinks fridge",
      type: "FRIDGE",
      setTemperature: 3,
      optimalMin: 0,
      optimalMax: 5,
      location: null,
      configuredAt: at,
    },
  ],
  "equipment.reading.latest": [{ equipmentId: "e1", equipmentName: "Dairy fridge", temperature: 3.6, at }],
  "hub.offline": [{ hubId: "hub-1", hubName: "Back office", lastSeenAt: at, detectedAt: at }],
  "hub.online": [
    { hubId: "hub-1", hubName: "Back office", offlineSince: at, onlineAt: "2026-06-01T12:42:00.000Z" },
  ],
};
