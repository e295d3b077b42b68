/** A new room's settings as the owner app and the hub start them (the thermostat's defaults, in minutes). */

import { defaultSchedule } from "./schedule.ts";
import type { RoomSettingsInput } from "./section.ts";
import { DEFAULT_SETTINGS } from "./thermostat.ts";

const MIN = 60_000;

export function defaultRoomSettings(): RoomSettingsInput {
  const d = DEFAULT_SETTINGS;
  return {
    mode: d.mode,
    setPoint: d.setPoint,
    awaySetPoint: d.awaySetPoint,
    schedule: defaultSchedule(),
    hysteresis: d.hysteresis,
    minOnMinutes: d.minOnMs / MIN,
    minOffMinutes: d.minOffMs / MIN,
    maxSwitchesPerHour: d.maxSwitchesPerHour,
    frostC: d.frostC,
    maxC: d.maxC,
    staleAfterMinutes: d.staleAfterMs / MIN,
    staleAction: d.staleAction,
    windowPauseMinutes: d.windowPauseMs / MIN,
    earlyStart: d.earlyStart,
  };
}
