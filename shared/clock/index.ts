/** Time as a dependency: the instant, and timers on the same clock, so expiry, delays and schedules are testable. */

/** A scheduled run; `cancel` is safe to call more than once and after it ran. */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `run` once, `ms` from now on this clock. */
  after(ms: number, run: () => void): Timer;
  /** Runs `run` every `ms` on this clock until cancelled. */
  every(ms: number, run: () => void): Timer;
}

/**
 * A timer never keeps a process alive on its own (Node's `unref`, where the runtime has it): whoever
 * starts one also stops it when it closes.
 */
function unref<T>(handle: T): T {
  (handle as { unref?: () => void }).unref?.();
  return handle;
}

/** The real time and the runtime's timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, run) {
    const t = unref(setTimeout(run, Math.max(0, ms)));
    return { cancel: () => clearTimeout(t) };
  },
  every(ms, run) {
    const t = unref(setInterval(run, ms));
    return { cancel: () => clearInterval(t) };
  },
};

/** An instant as ISO 8601 in UTC, the one format of times in events and APIs. */
export function iso(ms: number): string;
export function iso(ms: number | null): string | null;
export function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

export { ManualClock } from "./manual.ts";
export {
  type Disambiguation,
  instantOf,
  isTimeZone,
  type LocalTime,
  localTime,
  startOfLocalDay,
  timeZoneOf,
  timeZoneSchema,
  zoneOffset,
} from "./zone.ts";
