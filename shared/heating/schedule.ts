/** A room's weekly heating schedule read in the site's time zone: which period holds now, and when the next begins. */
import { z } from "zod";
import { instantOf, localTime } from "../clock/index.ts";

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a local time HH:MM");

/** A period starts at a local time of day and holds its set point until the next period starts. */
export const periodSchema = z.object({ at: hhmm, setPoint: z.number().min(5).max(30) });
export type Period = z.infer<typeof periodSchema>;

/** Seven days, Monday first; a day without periods keeps the last period of the day before. */
export const weekScheduleSchema = z.array(z.array(periodSchema).max(12)).length(7);
export type WeekSchedule = z.infer<typeof weekScheduleSchema>;

export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

export interface Transition {
  /** The instant the period begins. */
  at: number;
  setPoint: number;
}

const DAY = 86_400_000;

/**
 * The period starts from `days` local days before `instant` to `days` after, as instants in time order.
 * Each start is placed with `instantOf(..., "compatible")`: a start inside the spring-forward gap (02:30)
 * begins when the clocks reach 03:30; a start in the repeated fall-back hour begins at its first
 * occurrence, so it happens once, not twice. Local dates step by calendar day, never by 24 h.
 */
export function transitions(schedule: WeekSchedule, zone: string, instant: number, days = 8): Transition[] {
  const here = localTime(instant, zone);
  const out: Transition[] = [];
  for (let k = -days; k <= days; k++) {
    const date = new Date(Date.UTC(here.year, here.month - 1, here.day + k));
    const weekday = (date.getUTCDay() + 6) % 7;
    for (const p of schedule[weekday] ?? []) {
      const [hour, minute] = p.at.split(":").map(Number) as [number, number];
      const at = instantOf(
        { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour, minute },
        zone,
      );
      out.push({ at, setPoint: p.setPoint });
    }
  }
  return out.sort((a, b) => a.at - b.at);
}

/** The period holding at `instant` and the next one to begin (null for an empty schedule). */
export function periodAt(
  schedule: WeekSchedule,
  zone: string,
  instant: number,
): { current: Transition | null; next: Transition | null } {
  const all = transitions(schedule, zone, instant);
  let current: Transition | null = null;
  let next: Transition | null = null;
  for (const t of all) {
    if (t.at <= instant) current = t;
    else {
      next = t;
      break;
    }
  }
  return { current, next };
}

/** The start of the next period after `instant`, for "override until the next period"; a day later if none. */
export function nextPeriodStart(schedule: WeekSchedule, zone: string, instant: number): number {
  return periodAt(schedule, zone, instant).next?.at ?? instant + DAY;
}

/** A plain schedule for a new room: 21 °C from 06:30, 17 °C from 22:00, every day. */
export function defaultSchedule(): WeekSchedule {
  return Array.from({ length: 7 }, () => [
    { at: "06:30", setPoint: 21 },
    { at: "22:00", setPoint: 17 },
  ]);
}
