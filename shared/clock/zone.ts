/** Wall-clock time in a site's IANA time zone, from the runtime's Intl data (no library, no offsets written down). */
import { z } from "zod";

/** A local date and time of day as a person at the site reads it; `month` is 1–12. */
export interface LocalTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second?: number;
  millisecond?: number;
}

/**
 * What a local time that the zone skips or repeats means (Temporal's names). `compatible`, the default: a
 * skipped time moves forward by the gap (02:30 on a spring-forward night is 03:30), a repeated one is the
 * first of the two; `earlier`/`later` pick that one of the two candidates; `reject` throws.
 */
export type Disambiguation = "compatible" | "earlier" | "later" | "reject";

const formats = new Map<string, Intl.DateTimeFormat>();

function format(zone: string): Intl.DateTimeFormat {
  let f = formats.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formats.set(zone, f);
  }
  return f;
}

/** The zone's canonical IANA name (`europe/stockholm` → `Europe/Stockholm`), or null when it is not one. */
export function timeZoneOf(name: string): string | null {
  // Newer engines accept offsets such as "+01:00" as zones; a site's zone is a place, whose offset changes.
  if (!/^[A-Za-z]/.test(name)) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

export function isTimeZone(name: string): boolean {
  return timeZoneOf(name) !== null;
}

/** An IANA time zone name, as configuration and payloads carry it. */
export const timeZoneSchema = z
  .string()
  .max(64)
  .refine(isTimeZone, { message: "not an IANA time zone name (e.g. Europe/Stockholm)" });

/** The local wall-clock time of `instant` (ms since the epoch) in `zone`. */
export function localTime(instant: number, zone: string): Required<LocalTime> {
  const n: Record<string, number> = {};
  for (const p of format(zone).formatToParts(instant)) if (p.type !== "literal") n[p.type] = Number(p.value);
  const millisecond = ((instant % 1000) + 1000) % 1000;
  return {
    year: n.year!,
    month: n.month!,
    day: n.day!,
    hour: n.hour!,
    minute: n.minute!,
    second: n.second!,
    millisecond,
  };
}

/** The UTC offset of `zone` at `instant`, in ms (Stockholm in summer: +7,200,000). */
export function zoneOffset(instant: number, zone: string): number {
  return wall(localTime(instant, zone)) - instant;
}

/** A local time read as if it were UTC: the arithmetic form of a wall-clock reading. */
function wall(t: LocalTime): number {
  const ms = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second ?? 0, t.millisecond ?? 0);
  // Date.UTC maps years 0–99 to 1900–1999.
  return t.year >= 0 && t.year < 100 ? new Date(ms).setUTCFullYear(t.year) : ms;
}

const DAY = 86_400_000;

/** The instant at which the wall clocks in `zone` show `local`, on the days a zone skips or repeats an hour too. */
export function instantOf(
  local: LocalTime,
  zone: string,
  disambiguation: Disambiguation = "compatible",
): number {
  const w = wall(local);
  // Zones change offset at most once within a day either side, so the offsets a day before and after are
  // the only candidates.
  const before = zoneOffset(w - DAY, zone);
  const after = zoneOffset(w + DAY, zone);
  const fits = [...new Set([w - before, w - after])]
    .filter((t) => zoneOffset(t, zone) === w - t)
    .sort((a, b) => a - b);
  if (fits.length === 1) return fits[0]!;
  if (fits.length === 2) {
    if (disambiguation === "reject") throw new RangeError(`${show(local)} happens twice in ${zone}`);
    return disambiguation === "later" ? fits[1]! : fits[0]!;
  }
  // Skipped: the clocks jumped over it. Read with the offset before the jump it lands after the gap
  // (later); with the offset after, before the gap (earlier).
  if (disambiguation === "reject") throw new RangeError(`${show(local)} does not happen in ${zone}`);
  return disambiguation === "earlier" ? w - after : w - before;
}

/** The instant the local day holding `instant` begins in `zone` (its midnight, or the first time after a skipped one). */
export function startOfLocalDay(instant: number, zone: string): number {
  const { year, month, day } = localTime(instant, zone);
  return instantOf({ year, month, day, hour: 0, minute: 0 }, zone, "compatible");
}

function show(t: LocalTime): string {
  return new Date(wall(t)).toISOString().slice(0, 19).replace("T", " ");
}
