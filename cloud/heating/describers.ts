/** Notification texts for heating events: safety trips and failures notify; switches, rollups and routine changes do not. */
import type { EventData } from "../../shared/events/index.ts";

interface Description {
  title: string;
  body: string;
}

const celsius = (v: number) => `${Math.round(v * 10) / 10} °C`;
const CAUSES = {
  stale: "its sensor stopped reporting",
  "max-temp": "it reached its maximum temperature",
  window: "a window seems open",
};
const FAILURES = {
  "no-heat": "the heater runs but the room does not warm up",
  "no-ack": "the heater does not answer",
  "state-mismatch": "the heater is not in the state it was told",
};

export const HEATING_DESCRIBERS = {
  "heating.room.status": (_: EventData<"heating.room.status">): Description | null => null,
  "heating.heater.switched": (_: EventData<"heating.heater.switched">): Description | null => null,
  "heating.energy.rolled-up": (_: EventData<"heating.energy.rolled-up">): Description | null => null,
  "heating.setpoint.changed": (_: EventData<"heating.setpoint.changed">): Description | null => null,
  "heating.override.started": (_: EventData<"heating.override.started">): Description | null => null,
  "heating.override.ended": (_: EventData<"heating.override.ended">): Description | null => null,
  "heating.mode.changed": (_: EventData<"heating.mode.changed">): Description | null => null,
  "heating.safety.tripped": (d: EventData<"heating.safety.tripped">): Description | null => ({
    title: `${d.roomName}: heating safety`,
    body: `${CAUSES[d.cause]}${d.temperature !== null ? ` (${celsius(d.temperature)})` : ""}; ${d.action}.`,
  }),
  "heating.failure.detected": (d: EventData<"heating.failure.detected">): Description | null => ({
    title: `${d.roomName}: heating failure`,
    body: `${d.deviceName ? `${d.deviceName}: ` : ""}${FAILURES[d.cause]}.`,
  }),
};
