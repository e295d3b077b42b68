/** Local days of a site: the date an instant falls on, and how long a local day really is (23 h, 24 h or 25 h). */
import { instantOf, localTime, startOfLocalDay } from "../../shared/clock/index.ts";

export function localDay(instant: number, zone: string): string {
  const t = localTime(instant, zone);
  return `${t.year}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}`;
}

// Zone arithmetic goes through Intl (microseconds each, several per day): a dashboard over a year asks for the
// same few hundred days again and again, so their bounds are kept (bounded; cleared when full).
const bounds = new Map<string, { start: number; end: number }>();

/** [start, end) of the local day `day` (YYYY-MM-DD) in `zone`, in ms. */
export function dayBounds(day: string, zone: string): { start: number; end: number } {
  const k = `${zone}|${day}`;
  let b = bounds.get(k);
  if (!b) {
    if (bounds.size > 20_000) bounds.clear();
    b = computeBounds(day, zone);
    bounds.set(k, b);
  }
  return b;
}

function computeBounds(day: string, zone: string): { start: number; end: number } {
  const [year, month, date] = day.split("-").map(Number) as [number, number, number];
  const start = instantOf({ year, month, day: date, hour: 0, minute: 0 }, zone);
  const next = new Date(Date.UTC(year, month - 1, date + 1));
  const end = instantOf(
    {
      year: next.getUTCFullYear(),
      month: next.getUTCMonth() + 1,
      day: next.getUTCDate(),
      hour: 0,
      minute: 0,
    },
    zone,
  );
  return { start, end };
}

/** Splits [from, to) into whole minutes per local day. */
export function minutesPerDay(from: number, to: number, zone: string): { day: string; minutes: number }[] {
  const out: { day: string; minutes: number }[] = [];
  let t = from;
  while (t < to) {
    const day = localDay(t, zone);
    const end = Math.min(to, dayBounds(day, zone).end);
    out.push({ day, minutes: (end - t) / 60_000 });
    t = end;
  }
  return out;
}

/** The local days from `from` to `to` inclusive (YYYY-MM-DD). */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const d = new Date(`${from}T00:00:00Z`);
  const last = new Date(`${to}T00:00:00Z`);
  while (d <= last && out.length < 1000) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

export { startOfLocalDay };
