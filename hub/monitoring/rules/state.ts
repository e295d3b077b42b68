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
  /**
   * The time of the newest reading the rules have seen. Not saved on its own (it moves with every
   * reading): on start it comes back from the readings themselves (see `sameSavedState`).
   */
  lastReadingAt: number | null;
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
    defrostSince: null,
    defrostEndedAt: null,
    doorOpenSince: null,
    conditions,
  };
}

/**
 * A copy to work on. Written out rather than `structuredClone` (the rule path clones once per unit
 * per batch, and structuredClone cost a tenth of it); a kind missing from a state saved by an
 * older hub starts fresh.
 */
export function cloneState(s: RuleState): RuleState {
  const conditions = {} as Record<AlarmKind, Condition>;
  for (const k of ALARM_KINDS) {
    const c = s.conditions[k];
    conditions[k] = c
      ? { pendingSince: c.pendingSince, alarmId: c.alarmId, peak: c.peak }
      : { pendingSince: null, alarmId: null, peak: null };
  }
  return {
    lastReadingAt: s.lastReadingAt,
    defrostSince: s.defrostSince,
    defrostEndedAt: s.defrostEndedAt,
    doorOpenSince: s.doorOpenSince,
    conditions,
  };
}

export function activeAlarms(s: RuleState): number {
  let n = 0;
  for (const k of ALARM_KINDS) if (s.conditions[k]?.alarmId) n++;
  return n;
}

/**
 * True when `a` and `b` differ at most in `lastReadingAt`: then nothing needs saving, since a
 * reading's time is in its row and the recorder takes the newest back on start. An ordinary reading
 * changes only that, so a batch of them writes no rule state.
 */
export function sameSavedState(a: RuleState, b: RuleState): boolean {
  if (a.defrostSince !== b.defrostSince || a.defrostEndedAt !== b.defrostEndedAt) return false;
  if (a.doorOpenSince !== b.doorOpenSince) return false;
  for (const k of ALARM_KINDS) {
    const x = a.conditions[k];
    const y = b.conditions[k];
    if (!x || !y) return x === y;
    if (x.pendingSince !== y.pendingSince || x.alarmId !== y.alarmId || x.peak !== y.peak) return false;
  }
  return true;
}
