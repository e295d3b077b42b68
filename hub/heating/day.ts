/** A local date in the site's time zone, as energy rows and charts name days (YYYY-MM-DD). */
import { localTime } from "../../shared/clock/index.ts";

export function localDay(at: number, zone: string): string {
  const l = localTime(at, zone);
  return `${l.year}-${String(l.month).padStart(2, "0")}-${String(l.day).padStart(2, "0")}`;
}
