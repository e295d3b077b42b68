/** Quiet hours: local minutes of the day in the person's zone; a window with start > end spans midnight. */
import { instantOf, localTime } from "../../shared/clock/index.ts";

export interface QuietHours {
  start: number;
  end: number;
  timeZone: string;
}

const DAY = 86_400_000;

function minuteOfDay(instant: number, zone: string): number {
  const t = localTime(instant, zone);
  return t.hour * 60 + t.minute;
}

export function inQuietHours(q: QuietHours, now: number): boolean {
  if (q.start === q.end) return false;
  const m = minuteOfDay(now, q.timeZone);
  return q.start < q.end ? m >= q.start && m < q.end : m >= q.start || m < q.end;
}

/** The first instant after `now` at which the window ends (its local end time, DST days included). */
export function quietEndsAt(q: QuietHours, now: number): number {
  for (const offset of [0, DAY, 2 * DAY]) {
    const d = localTime(now + offset, q.timeZone);
    const end = instantOf(
      { year: d.year, month: d.month, day: d.day, hour: Math.floor(q.end / 60), minute: q.end % 60 },
      q.timeZone,
    );
    if (end > now) return end;
  }
  return now;
}

/** The local date YYYY-MM-DD of `instant` in `zone`. */
export function localDay(instant: number, zone: string): string {
  const t = localTime(instant, zone);
  return `${t.year}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}`;
}
