/** The DescribeContext describers write with: the site's name and zone, unit names, people's names. */
import { localTime } from "../../shared/clock/index.ts";
import type { DescribeContext } from "../module/index.ts";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number) => String(n).padStart(2, "0");

/** "1 Jun 2026, 14:05 (Europe/Stockholm)": the site's wall clock, its zone named so nobody reads it as theirs. */
export function siteTime(iso: string, timeZone: string): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return "an unknown time";
  const t = localTime(ms, timeZone);
  return `${t.day} ${MONTHS[t.month - 1]} ${t.year}, ${pad(t.hour)}:${pad(t.minute)} (${timeZone})`;
}

/** A recorded person ("Ana Berg (user-1)", how hubs record who acted) reduced to the name. */
export function recordedName(recorded: string): string | null {
  const m = /^(.*\S)\s*\([^()]*\)\s*$/.exec(recorded);
  return m ? m[1]! : null;
}

export function describeContext(input: {
  siteId: string;
  siteName: string;
  timeZone: string;
  units: ReadonlyMap<string, string>;
  people: ReadonlyMap<string, string>;
}): DescribeContext {
  return {
    siteId: input.siteId,
    siteName: input.siteName,
    timeZone: input.timeZone,
    time: (iso) => siteTime(iso, input.timeZone),
    unitName: (id) => input.units.get(id) ?? null,
    personName: (who) => input.people.get(who) ?? recordedName(who),
  };
}
