/** The rule state of one piece of equipment: what the engine must remember between readings (and restarts). */

import { ALARM_KINDS, type AlarmKind } from "../../../shared/alarms/index.ts";

export interface Condition {
  /** When the condition started to hold (unmasked); null when it does not hold. */
  pendingSince: number | null;
  /** The alarm raised for it, until that alarm clears. */
  alarmId: string | null;
  /** Worst value seen while raised. */
  peak: number | null;
}

export interface RuleState {
  lastReadingAt: number | null;
  lastTemperature: number | null;
  defrostSince: number | null;
  defrostEndedAt: number | null;
  doorOpenSince: number | null;
  conditions: Record<AlarmKind, Condition>;
}

export function initialState(): RuleState {
  const conditions = {} as Record<AlarmKind, Condition>;
  for (const k of ALARM_KINDS) conditions[k] = { pendingSince: null, alarmId: null, peak: null };
  return {
    lastReadingAt: null,
    lastTemperature: null,
    defrostSince: null,
    defrostEndedAt: null,
    doorOpenSince: null,
    conditions,
  };
}

export function cloneState(s: RuleState): RuleState {
  return structuredClone(s);
}

export function activeAlarms(s: RuleState): number {
  return ALARM_KINDS.filter((k) => s.conditions[k].alarmId !== null).length;
}
