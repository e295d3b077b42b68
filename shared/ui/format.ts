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

/** "3 days 4 h", "1 h 5 min", "45 min", "under a minute": durations in words, never fractional minutes. */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return "under a minute";
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h >= 48) return h % 24 === 0 ? `${h / 24} days` : `${Math.floor(h / 24)} days ${h % 24} h`;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

/** An enum word as people say it: "HIGH_TEMPERATURE" → "high temperature". */
export const words = (v: string | null | undefined): string =>
  v ? v.replaceAll("_", " ").toLowerCase() : "";

/** What an alarm is about, in words; unknown kinds fall back to their lower-cased name. */
export const ALARM_KIND_WORDS: Record<string, string> = {
  HIGH_TEMPERATURE: "Too warm",
  LOW_TEMPERATURE: "Too cold",
  DOOR_OPEN: "Door open",
  SENSOR_STALE: "No readings from the sensor",
  POWER_LOSS: "Power loss",
};
export const alarmKindText = (kind: string | null | undefined): string =>
  kind ? (ALARM_KIND_WORDS[kind] ?? words(kind)) : "Alarm";

/** Where an alarm stands, as a person would put it. */
export const ALARM_STATUS_WORDS: Record<string, string> = {
  RAISED: "Needs attention",
  ACKNOWLEDGED: "Acknowledged, still out of range",
  CLEARED: "Back in range, to be closed",
  CLOSED: "Closed",
};
export const alarmStatusText = (status: string): string => ALARM_STATUS_WORDS[status] ?? words(status);

/** People are recorded as `Name (id)` (the hub's recordedPerson); screens show the name only. */
export function personName(recorded: string | null | undefined): string {
  if (!recorded) return "";
  return /^(.+?) \([^()]+\)$/.exec(recorded)?.[1] ?? recorded;
}
