/** Times in the site's time zone and temperatures with their unit: the only formatting pages use. */

export type TempUnit = "C" | "F";

/** The browser's own zone when the site does not name one. */
export const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string, style: "full" | "short"): Intl.DateTimeFormat {
  const key = `${zone}|${style}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, {
      timeZone: zone,
      ...(style === "full"
        ? { dateStyle: "medium", timeStyle: "short" }
        : { hour: "2-digit", minute: "2-digit", second: "2-digit" }),
    });
    formatters.set(key, f);
  }
  return f;
}

type Instant = string | number | Date | null | undefined;
const toDate = (v: Instant): Date | null => {
  if (v === null || v === undefined || v === "") return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
};

/** "12 Nov 2026, 14:05" in `zone`; "—" when there is no time. */
export function formatTime(v: Instant, zone = localZone()): string {
  const d = toDate(v);
  return d ? formatter(zone, "full").format(d) : "—";
}

/** "3 min ago" style, for "offline since" and "last reading". */
export function formatAgo(v: Instant, now = Date.now()): string {
  const d = toDate(v);
  if (!d) return "never";
  const s = Math.round((now - d.getTime()) / 1000);
  if (s < 45) return "just now";
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  if (s < 3600) return rtf.format(-Math.round(s / 60), "minute");
  if (s < 86_400) return rtf.format(-Math.round(s / 3600), "hour");
  return rtf.format(-Math.round(s / 86_400), "day");
}

/** Readings are stored in °C; shown in the person's unit with one decimal. */
export function formatTemp(celsius: number | null | undefined, unit: TempUnit = "C"): string {
  if (celsius === null || celsius === undefined || Number.isNaN(celsius)) return "—";
  const v = unit === "F" ? (celsius * 9) / 5 + 32 : celsius;
  return `${v.toFixed(1)} °${unit}`;
}
