/** Sample heating events for the describers' test (every nullable field both ways). */
import type { EventData } from "../../shared/events/index.ts";

const at = "2026-06-01T12:00:00.000Z";
const room = { roomId: "r1", roomName: "Living room" };

export const HEATING_SAMPLES: {
  [T in
    | "heating.room.status"
    | "heating.heater.switched"
    | "heating.energy.rolled-up"
    | "heating.setpoint.changed"
    | "heating.override.started"
    | "heating.override.ended"
    | "heating.mode.changed"
    | "heating.safety.tripped"
    | "heating.failure.detected"]: EventData<T>[];
} = {
  "heating.room.status": [null, 20.5].map((temperature) => ({
    ...room,
    space: "Home",
    temperature,
    target: 21,
    heaterOn: true,
    source: "schedule",
    reason: "below",
    switchesLastHour: 2,
    maxSwitchesPerHour: 6,
    predictedStart: temperature === null ? null : at,
    at,
  })),
  "heating.heater.switched": [true, false].map((on) => ({
    ...room,
    heaterIds: ["h1"],
    on,
    reason: "below",
    target: 21,
    temperature: on ? 19.2 : null,
    switchedAt: at,
  })),
  "heating.energy.rolled-up": [{ ...room, day: "2026-06-01", kwh: 3.2, heatingMinutes: 130 }],
  "heating.setpoint.changed": [{ ...room, setPoint: 21, origin: "hub", changedAt: at }],
  "heating.override.started": [null, "Ada"].map((by) => ({
    ...room,
    hold: "boost" as const,
    setPoint: 24,
    until: at,
    origin: "remote-action" as const,
    by,
    startedAt: at,
  })),
  "heating.override.ended": [{ ...room, hold: "override", endedAt: at }],
  "heating.mode.changed": [{ ...room, mode: "away", origin: "hub", changedAt: at }],
  "heating.safety.tripped": [
    { ...room, cause: "stale", temperature: null, action: "heater off", until: null, trippedAt: at },
    { ...room, cause: "window", temperature: 18.1, action: "heating paused", until: at, trippedAt: at },
  ],
  "heating.failure.detected": [
    { ...room, deviceId: null, deviceName: null, cause: "no-heat", detail: "flat", detectedAt: at },
    {
      ...room,
      deviceId: "h1",
      deviceName: "Radiator",
      cause: "no-ack",
      detail: "3 attempts",
      detectedAt: at,
    },
  ],
};
