/**
 * The alarm engine: pure functions from (settings, state, fact) to alarm transitions.
 * Temperature alarms have a delay, hysteresis, and are masked during defrost and door openings;
 * door-open-too-long, stale sensor and power loss are alarms of their own.
 */
import type { AlarmKind } from "../../../shared/alarms/index.ts";
import type { RuleConfig } from "./config.ts";
import type { Condition, RuleState } from "./state.ts";

export type Transition =
  | {
      type: "raise";
      kind: AlarmKind;
      alarmId: string;
      at: number;
      value: number | null;
      limit: number | null;
    }
  | { type: "clear"; kind: AlarmKind; alarmId: string; at: number; value: number | null; peak: number | null }
  | { type: "peak"; kind: AlarmKind; alarmId: string; value: number };

export interface ReadingFacts {
  at: number;
  temperature?: number;
  doorOpen?: boolean;
  defrost?: boolean;
  powerW?: number;
}

type NewId = (at: number) => string;

/** Applies one reading to `state` (mutated) and returns the alarm transitions it causes, in order. */
export function onReading(cfg: RuleConfig, state: RuleState, r: ReadingFacts, newId: NewId): Transition[] {
  const out: Transition[] = [];
  const { at } = r;
  state.lastReadingAt = at;
  clear(state, "SENSOR_STALE", at, null, out);

  if (r.defrost === true && state.defrostSince === null) state.defrostSince = at;
  if (r.defrost === false && state.defrostSince !== null) {
    state.defrostEndedAt = at;
    state.defrostSince = null;
  }
  if (r.doorOpen === true && state.doorOpenSince === null) state.doorOpenSince = at;
  if (r.doorOpen === false && state.doorOpenSince !== null) {
    state.doorOpenSince = null;
    clear(state, "DOOR_OPEN", at, null, out);
  }
  doorTooLong(cfg, state, at, newId, out);

  if (r.powerW !== undefined) {
    const lost = state.conditions.POWER_LOSS;
    if (r.powerW === 0) delayed(lost, "POWER_LOSS", at, cfg.powerLossDelayMs, 0, null, newId, out);
    else {
      lost.pendingSince = null;
      clear(state, "POWER_LOSS", at, r.powerW, out);
    }
  }

  if (r.temperature !== undefined) {
    const t = r.temperature;
    temperature(state, "HIGH_TEMPERATURE", t, at, {
      beyond: t > cfg.highLimit,
      backInside: t <= cfg.highLimit - cfg.hysteresis,
      worse: (peak) => t > peak,
      masked: highMasked(cfg, state, at),
      // With the door open the cabinet warms as expected; such readings neither start nor stop the
      // delay, so a busy door can postpone an alarm by at most its open time, never silence it.
      paused: state.doorOpenSince !== null && at - state.doorOpenSince < cfg.doorOpenAlarmMs,
      delayMs: cfg.highDelayMs,
      limit: cfg.highLimit,
      newId,
      out,
    });
    temperature(state, "LOW_TEMPERATURE", t, at, {
      beyond: t < cfg.lowLimit,
      backInside: t >= cfg.lowLimit + cfg.hysteresis,
      worse: (peak) => t < peak,
      masked: false,
      paused: false,
      delayMs: cfg.lowDelayMs,
      limit: cfg.lowLimit,
      newId,
      out,
    });
  }
  return out;
}

/** Applies the passing of time (no reading): a silent sensor and a door left open. */
export function onTime(cfg: RuleConfig, state: RuleState, now: number, newId: NewId): Transition[] {
  const out: Transition[] = [];
  const stale = state.conditions.SENSOR_STALE;
  if (state.lastReadingAt !== null && stale.alarmId === null && now - state.lastReadingAt >= cfg.staleMs) {
    raise(stale, "SENSOR_STALE", now, null, null, newId, out);
  }
  doorTooLong(cfg, state, now, newId, out);
  return out;
}

/**
 * High temperatures are expected while defrosting and shortly after; a defrost restarts the
 * delay. Defrosts are scheduled hours apart and one longer than `maxDefrostMs` masks nothing.
 * (The recovery after a door opening needs no mask: it is what the alarm delay is for.)
 */
export function highMasked(cfg: RuleConfig, s: RuleState, at: number): boolean {
  if (s.defrostSince !== null && at - s.defrostSince < cfg.maxDefrostMs) return true;
  return s.defrostEndedAt !== null && at - s.defrostEndedAt < cfg.defrostRecoveryMs;
}

interface TemperatureRule {
  beyond: boolean;
  backInside: boolean;
  worse: (peak: number) => boolean;
  masked: boolean;
  paused: boolean;
  delayMs: number;
  limit: number;
  newId: NewId;
  out: Transition[];
}

function temperature(state: RuleState, kind: AlarmKind, t: number, at: number, rule: TemperatureRule): void {
  const c = state.conditions[kind];
  if (c.alarmId !== null) {
    if (rule.backInside) {
      c.pendingSince = null;
      clear(state, kind, at, t, rule.out);
    } else if (c.peak === null || rule.worse(c.peak)) {
      c.peak = t;
      rule.out.push({ type: "peak", kind, alarmId: c.alarmId, value: t });
    }
    return;
  }
  // Inside the hysteresis band the delay neither starts nor restarts: readings hovering at
  // the limit must not keep postponing a real excursion.
  if (rule.backInside || rule.masked) c.pendingSince = null;
  else if (rule.beyond && !rule.paused)
    delayed(c, kind, at, rule.delayMs, t, rule.limit, rule.newId, rule.out);
}

function delayed(
  c: Condition,
  kind: AlarmKind,
  at: number,
  delayMs: number,
  value: number,
  limit: number | null,
  newId: NewId,
  out: Transition[],
): void {
  if (c.alarmId !== null) return;
  c.pendingSince ??= at;
  if (at - c.pendingSince >= delayMs) raise(c, kind, at, value, limit, newId, out);
}

function doorTooLong(cfg: RuleConfig, s: RuleState, at: number, newId: NewId, out: Transition[]): void {
  const c = s.conditions.DOOR_OPEN;
  if (s.doorOpenSince !== null && c.alarmId === null && at - s.doorOpenSince >= cfg.doorOpenAlarmMs) {
    raise(c, "DOOR_OPEN", at, null, null, newId, out);
  }
}

function raise(
  c: Condition,
  kind: AlarmKind,
  at: number,
  value: number | null,
  limit: number | null,
  newId: NewId,
  out: Transition[],
): void {
  c.alarmId = newId(at);
  c.peak = value;
  out.push({ type: "raise", kind, alarmId: c.alarmId, at, value, limit });
}

function clear(s: RuleState, kind: AlarmKind, at: number, value: number | null, out: Transition[]): void {
  const c = s.conditions[kind];
  if (c.alarmId === null) return;
  out.push({ type: "clear", kind, alarmId: c.alarmId, at, value, peak: c.peak });
  c.alarmId = null;
  c.peak = null;
  c.pendingSince = null;
}
