/**
 * One room's thermostat as a pure function: (settings, carried state, the latest reading, now) → the heater's
 * desired state, the target, why, and the next carried state. No clock, no I/O, so every rule is testable
 * with an injected clock and the hub, the simulator and the bench run the same decisions.
 */
import { periodAt, type WeekSchedule } from "./schedule.ts";

export type Mode = "auto" | "manual" | "away" | "off";
/** What a room does when its sensor goes stale: off is the default, because an unwatched heater can overheat. */
export type StaleAction = "off" | "on" | "keep";

export interface RoomSettings {
  mode: Mode;
  /** The set point in manual mode. */
  setPoint: number;
  awaySetPoint: number;
  schedule: WeekSchedule;
  /** Switch on below target − hysteresis, off above target + hysteresis. */
  hysteresis: number;
  minOnMs: number;
  minOffMs: number;
  maxSwitchesPerHour: number;
  /** Held in every mode, away and off included (but not above the max cut-off). */
  frostC: number;
  maxC: number;
  staleAfterMs: number;
  staleAction: StaleAction;
  /** Open window: a fall of at least this many °C per hour over `windowSpanMs` pauses heating for `windowPauseMs`. */
  windowDropPerHour: number;
  windowSpanMs: number;
  windowPauseMs: number;
  earlyStart: boolean;
  maxLeadMs: number;
  /** Heating failure: on for this long with less than `failureRiseC` rise. */
  failureAfterMs: number;
  failureRiseC: number;
}

export const DEFAULT_SETTINGS: Omit<RoomSettings, "schedule"> = {
  mode: "auto",
  setPoint: 20,
  awaySetPoint: 15,
  hysteresis: 0.3,
  minOnMs: 5 * 60_000,
  minOffMs: 5 * 60_000,
  maxSwitchesPerHour: 6,
  frostC: 7,
  maxC: 28,
  staleAfterMs: 15 * 60_000,
  staleAction: "off",
  windowDropPerHour: 3,
  windowSpanMs: 5 * 60_000,
  windowPauseMs: 30 * 60_000,
  earlyStart: true,
  maxLeadMs: 5 * 3_600_000,
  failureAfterMs: 15 * 60_000,
  failureRiseC: 0.5,
};

/** A temporary target: an override (until the next period or N minutes) or a boost (N minutes at a temperature). */
export interface Hold {
  setPoint: number;
  until: number;
}

/** What the thermostat carries from one tick to the next (the hub stores it per room). */
export interface RoomState {
  heaterOn: boolean;
  /** When the heater last switched; null before its first switch (no min time holds then). */
  lastSwitchAt: number | null;
  /** Switch instants within the last hour, for the cap. */
  switches: number[];
  override: Hold | null;
  boost: Hold | null;
  windowPausedUntil: number | null;
  /** Recent readings (oldest first) within the window span, for the slope. */
  recent: { at: number; c: number }[];
  /** The current heating run, for learning and the failure check. */
  run: { at: number; c: number; failed: boolean } | null;
  /** Learned warm-up rate, °C per hour; null until a run has taught it. */
  warmRate: number | null;
  /** An early start under way: when it began, for the period starting at `period` (shown as the predicted start). */
  preheat: { from: number; period: number } | null;
}

export const initialState = (heaterOn = false): RoomState => ({
  heaterOn,
  lastSwitchAt: null,
  switches: [],
  override: null,
  boost: null,
  windowPausedUntil: null,
  recent: [],
  run: null,
  warmRate: null,
  preheat: null,
});

export type Source = "schedule" | "preheat" | "manual" | "away" | "override" | "boost" | "frost";
export type Reason =
  | "below"
  | "above"
  | "band"
  | "min-on"
  | "min-off"
  | "cap"
  | "stale"
  | "max-temp"
  | "window";

export type ThermostatEvent =
  | { kind: "switched"; on: boolean }
  | { kind: "override-ended"; hold: "override" | "boost" }
  | { kind: "window-opened"; until: number }
  | { kind: "safety"; cause: "stale" | "max-temp" }
  | { kind: "failure" };

export interface Decision {
  heaterOn: boolean;
  target: number;
  source: Source;
  reason: Reason;
  /** When early start will begin (or began) heating for the next period; null when not planned. */
  predictedStart: number | null;
  state: RoomState;
  events: ThermostatEvent[];
}

export interface Reading {
  c: number;
  at: number;
}

const HOUR = 3_600_000;
/** Runs rising less than this teach nothing: short hysteresis cycles near the set point are not a warm-up. */
const LEARN_MIN_RISE = 1;
const LEARN_WEIGHT = 0.5;

const periodCache = new WeakMap<WeekSchedule, Map<string, ReturnType<typeof periodAt>>>();

/** periodAt, remembered per schedule and zone until the next period starts (a tick reads the same answer all day). */
function cachedPeriodAt(schedule: WeekSchedule, zone: string, now: number) {
  const byZone = periodCache.get(schedule) ?? new Map<string, ReturnType<typeof periodAt>>();
  periodCache.set(schedule, byZone);
  const hit = byZone.get(zone);
  if (hit && (hit.current?.at ?? Number.NEGATIVE_INFINITY) <= now && (hit.next === null || now < hit.next.at))
    return hit;
  const fresh = periodAt(schedule, zone, now);
  byZone.set(zone, fresh);
  return fresh;
}

/** The target now and where it comes from, before safety; plus the planned early start. */
function targetOf(s: RoomSettings, st: RoomState, zone: string, now: number, c: number | null) {
  let target: number;
  let source: Source;
  let predictedStart: number | null = null;
  if (st.boost || st.override || s.mode !== "auto") st.preheat = null;
  if (st.boost) [target, source] = [st.boost.setPoint, "boost"];
  else if (s.mode === "off") [target, source] = [s.frostC, "frost"];
  else if (s.mode === "away") [target, source] = [s.awaySetPoint, "away"];
  else if (st.override) [target, source] = [st.override.setPoint, "override"];
  else if (s.mode === "manual") [target, source] = [s.setPoint, "manual"];
  else {
    const { current, next } = cachedPeriodAt(s.schedule, zone, now);
    [target, source] = [current?.setPoint ?? s.setPoint, "schedule"];
    // Early start: heat now if the learned rate says the next period's set point needs the time left.
    if (st.preheat && st.preheat.period !== next?.at) st.preheat = null;
    if (s.earlyStart && next && next.setPoint > target && st.warmRate && c !== null) {
      const lead = Math.min(s.maxLeadMs, (Math.max(0, next.setPoint - c) / st.warmRate) * HOUR);
      // Once begun, an early start stays begun (and its start stays the one shown) until the period starts.
      if (!st.preheat && now >= next.at - lead) st.preheat = { from: now, period: next.at };
      predictedStart = st.preheat?.from ?? next.at - lead;
      if (st.preheat) [target, source] = [next.setPoint, "preheat"];
    }
  }
  if (target < s.frostC) [target, source] = [s.frostC, "frost"];
  return { target, source, predictedStart };
}

export function decide(
  s: RoomSettings,
  prev: RoomState,
  zone: string,
  now: number,
  reading: Reading | null,
): Decision {
  const events: ThermostatEvent[] = [];
  const st: RoomState = { ...prev, switches: prev.switches.filter((t) => now - t < HOUR) };
  for (const hold of ["override", "boost"] as const) {
    if (st[hold] && st[hold].until <= now) {
      st[hold] = null;
      events.push({ kind: "override-ended", hold });
    }
  }
  if (st.windowPausedUntil !== null && st.windowPausedUntil <= now) st.windowPausedUntil = null;
  const fresh = reading !== null && now - reading.at <= s.staleAfterMs;
  const c = fresh ? reading.c : null;
  const readAt = reading?.at ?? now;
  if (fresh && (st.recent.at(-1)?.at ?? -1) < reading.at)
    st.recent = [
      ...st.recent.filter((r) => reading.at - r.at <= s.windowSpanMs),
      { at: reading.at, c: reading.c },
    ];
  const { target, source, predictedStart } = targetOf(s, st, zone, now, c);

  // Safety first; a safety cut switches off at once, min on time notwithstanding (it counts toward the cap).
  let want: boolean;
  let reason: Reason;
  let safety = false;
  if (c === null) {
    // No reading yet, or a stale one: the room's stated safe action, applied in this very tick.
    [want, reason, safety] = [s.staleAction === "keep" ? st.heaterOn : s.staleAction === "on", "stale", true];
    if (st.heaterOn && !want) events.push({ kind: "safety", cause: "stale" });
  } else if (c >= s.maxC) {
    [want, reason, safety] = [false, "max-temp", true];
    if (st.heaterOn) events.push({ kind: "safety", cause: "max-temp" });
  } else {
    const first = st.recent[0];
    const span = first ? readAt - first.at : 0;
    if (st.windowPausedUntil === null && first && span >= s.windowSpanMs * 0.8) {
      const slope = ((c - first.c) / span) * HOUR;
      if (slope <= -s.windowDropPerHour) {
        st.windowPausedUntil = now + s.windowPauseMs;
        events.push({ kind: "window-opened", until: st.windowPausedUntil });
      }
    }
    if (st.windowPausedUntil !== null && c > s.frostC) [want, reason] = [false, "window"];
    else if (c < target - s.hysteresis) [want, reason] = [true, "below"];
    else if (c > target + s.hysteresis) [want, reason] = [false, "above"];
    else [want, reason] = [st.heaterOn, "band"];
  }

  if (want !== st.heaterOn && !(safety && !want)) {
    const since = st.lastSwitchAt === null ? Number.POSITIVE_INFINITY : now - st.lastSwitchAt;
    if (st.heaterOn && since < s.minOnMs) [want, reason] = [true, "min-on"];
    else if (!st.heaterOn && since < s.minOffMs) [want, reason] = [false, "min-off"];
    else if (st.switches.length >= s.maxSwitchesPerHour) [want, reason] = [st.heaterOn, "cap"];
  }

  if (want !== st.heaterOn) {
    st.heaterOn = want;
    st.lastSwitchAt = now;
    st.switches = [...st.switches, now];
    events.push({ kind: "switched", on: want });
    if (want) st.run = c === null ? null : { at: now, c, failed: false };
    else {
      if (st.run && c !== null) st.warmRate = learn(st.warmRate, st.run, now, c);
      st.run = null;
    }
  } else if (want && st.run && c !== null && !st.run.failed) {
    if (now - st.run.at >= s.failureAfterMs && c - st.run.c < s.failureRiseC) {
      st.run = { ...st.run, failed: true };
      events.push({ kind: "failure" });
    }
  } else if (want && !st.run && c !== null) st.run = { at: now, c, failed: false };
  return { heaterOn: want, target, source, reason, predictedStart, state: st, events };
}

/** The warm-up rate after a run from `run` to (now, c): a weighted mean of the runs that rose at least 1 °C. */
function learn(rate: number | null, run: { at: number; c: number }, now: number, c: number): number | null {
  const rise = c - run.c;
  if (rise < LEARN_MIN_RISE || now <= run.at) return rate;
  const observed = (rise / (now - run.at)) * HOUR;
  return rate === null ? observed : rate + LEARN_WEIGHT * (observed - rate);
}

/** Starts an override: until the given instant (N minutes, or the next period's start, from `nextPeriodStart`). */
export function startHold(
  st: RoomState,
  kind: "override" | "boost",
  setPoint: number,
  until: number,
): RoomState {
  return { ...st, [kind]: { setPoint, until } };
}
