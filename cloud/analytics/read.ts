/** The dashboard's reads: one site over a date range (one indexed query), the person's sites together, and CSV. */
import { sql } from "drizzle-orm";
import { AppError } from "../../shared/errors/index.ts";
import { dayBounds, daysBetween, localDay } from "./days.ts";
import type { AnalyticsDb } from "./facts.ts";
import { M } from "./food-safety.ts";
import { DEVICE_OFFLINE, HUB_OFFLINE } from "./outages.ts";
import * as schema from "./schema.ts";

export interface ComplianceRow {
  day: string;
  equipmentId: string;
  name: string;
  minutesInRange: number;
  minutesOutOfRange: number;
  /** Minutes of the day without data (or without a configured range): never counted as in range. */
  minutesUnknown: number;
  /** Share of the whole local day (so far, for today) in range; null when the day had no data at all. */
  percentInRange: number | null;
}

export interface DayRow {
  day: string;
  alarms: number;
  /** Mean minutes to acknowledge / to clear of the day's alarms; null when none was. */
  mttaMinutes: number | null;
  mttcMinutes: number | null;
  hubOfflineMinutes: number;
  deviceOfflineMinutes: number;
  /** Revenue in minor units per currency (refunds subtracted on their day). */
  revenue: Record<string, number>;
}

export interface SiteAnalytics {
  siteId: string;
  timeZone: string;
  from: string;
  to: string;
  days: DayRow[];
  compliance: ComplianceRow[];
  /** Revenue by source (payable kind) per currency, over the range. */
  revenueBySource: { currency: string; source: string; amount: number }[];
  /** The rows of metrics later modules add through their manifests (the figures above are not repeated). */
  rows: { day: string; metric: string; key: string; label: string; value: number }[];
}

export const REVENUE = "billing.revenue";
/** Metrics summarised above, not repeated in `rows`. */
const CORE = new Set<string>([...Object.values(M), HUB_OFFLINE, DEVICE_OFFLINE, REVENUE]);
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
export const MAX_RANGE_DAYS = 400;

export function checkRange(from: string, to: string): void {
  if (!DAY_PATTERN.test(from) || !DAY_PATTERN.test(to) || from > to)
    throw new AppError("VALIDATION_ERROR", "from and to are local dates YYYY-MM-DD, from ≤ to");
  if (daysBetween(from, to).length > MAX_RANGE_DAYS)
    throw new AppError("VALIDATION_ERROR", `at most ${MAX_RANGE_DAYS} days at once`);
}

type DailyRow = { day: string; metric: string; key: string; label: string; value: number };

// Half a year per statement keeps each answer well under D1's 2 MB value limit, even with many keys a day.
const CHUNK_DAYS = 184;

/**
 * A scope's daily rows over local dates. SQLite packs them into one JSON value per chunk: one result row
 * crosses the driver instead of thousands (D1 and libsql both pay per row returned).
 */
export async function dailyRows(
  db: AnalyticsDb,
  scope: string,
  from: string,
  to: string,
): Promise<DailyRow[]> {
  checkRange(from, to);
  const all = daysBetween(from, to);
  const parts = [];
  for (let i = 0; i < all.length; i += CHUNK_DAYS) {
    const first = all[i]!;
    const last = all[Math.min(i + CHUNK_DAYS, all.length) - 1]!;
    parts.push(
      db.all<{ j: string | null }>(
        sql`SELECT json_group_array(json_array(day, metric, key, label, value)) AS j FROM ${schema.daily} WHERE ${schema.daily.siteId} = ${scope} AND ${schema.daily.day} BETWEEN ${first} AND ${last}`,
      ),
    );
  }
  const out: DailyRow[] = [];
  for (const [r] of await Promise.all(parts)) {
    for (const [day, metric, key, label, value] of JSON.parse(r?.j ?? "[]") as [
      string,
      string,
      string,
      string,
      number,
    ][])
      out.push({ day, metric, key, label, value });
  }
  return out;
}

export async function siteAnalytics(
  deps: { db: AnalyticsDb },
  input: {
    siteId: string;
    timeZone: string;
    from: string;
    to: string;
    now: number;
    rows?: Promise<DailyRow[]>;
  },
): Promise<SiteAnalytics> {
  checkRange(input.from, input.to);
  const rows = await (input.rows ?? dailyRows(deps.db, input.siteId, input.from, input.to));
  const today = localDay(input.now, input.timeZone);
  const days = daysBetween(input.from, input.to).filter((d) => d <= today);
  // One pass over the rows: every figure below is a map lookup (a year is ~2,500 rows).
  const at = new Map<string, number>();
  const perDay = new Map<string, number>();
  const revenueByDay = new Map<string, Record<string, number>>();
  const units = new Map<string, string>();
  const revenueBySource = new Map<string, number>();
  const other: SiteAnalytics["rows"] = [];
  for (const r of rows) {
    at.set(`${r.day}|${r.metric}|${r.key}`, r.value);
    perDay.set(`${r.day}|${r.metric}`, (perDay.get(`${r.day}|${r.metric}`) ?? 0) + r.value);
    if (r.metric === M.inRange || r.metric === M.outOfRange || r.metric === M.unjudged)
      units.set(r.key, r.label);
    else if (r.metric === REVENUE) {
      revenueBySource.set(r.key, (revenueBySource.get(r.key) ?? 0) + r.value);
      const currency = r.key.split(":")[0]!;
      const day = revenueByDay.get(r.day) ?? {};
      day[currency] = (day[currency] ?? 0) + r.value;
      revenueByDay.set(r.day, day);
    } else if (!CORE.has(r.metric)) other.push(r);
  }
  const get = (day: string, metric: string, key = "") => at.get(`${day}|${metric}|${key}`) ?? 0;
  const sumOf = (day: string, metric: string) => perDay.get(`${day}|${metric}`) ?? 0;

  const compliance: ComplianceRow[] = [];
  const sortedUnits = [...units].sort((a, b) => a[1].localeCompare(b[1]));
  for (const day of days) {
    const { start, end } = dayBounds(day, input.timeZone);
    const dayMinutes = Math.round((Math.min(end, input.now) - start) / 60_000);
    for (const [equipmentId, name] of sortedUnits) {
      const minutesInRange = get(day, M.inRange, equipmentId);
      const minutesOutOfRange = get(day, M.outOfRange, equipmentId);
      const seen = minutesInRange + minutesOutOfRange + get(day, M.unjudged, equipmentId);
      compliance.push({
        day,
        equipmentId,
        name,
        minutesInRange,
        minutesOutOfRange,
        minutesUnknown: Math.max(0, dayMinutes - minutesInRange - minutesOutOfRange),
        percentInRange: seen === 0 || dayMinutes <= 0 ? null : round1((100 * minutesInRange) / dayMinutes),
      });
    }
  }

  const out: DayRow[] = days.map((day) => {
    const acked = get(day, M.acked);
    const cleared = get(day, M.cleared);
    const revenue = revenueByDay.get(day) ?? {};
    return {
      day,
      alarms: get(day, M.alarms),
      mttaMinutes: acked > 0 ? round1(get(day, M.ackMinutes) / acked) : null,
      mttcMinutes: cleared > 0 ? round1(get(day, M.clearMinutes) / cleared) : null,
      hubOfflineMinutes: Math.round(sumOf(day, HUB_OFFLINE)),
      deviceOfflineMinutes: Math.round(sumOf(day, DEVICE_OFFLINE)),
      revenue,
    };
  });
  return {
    siteId: input.siteId,
    timeZone: input.timeZone,
    from: input.from,
    to: input.to,
    days: out,
    compliance,
    revenueBySource: [...revenueBySource].map(([key, amount]) => {
      const [currency, source] = key.split(":") as [string, string];
      return { currency, source: source ?? "", amount };
    }),
    rows: other,
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : String(v);
  // Quoted, and a leading formula character neutralised, so a spreadsheet never runs a cell.
  return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replaceAll('"', '""')}"`;
};

/** The compliance table as an inspector reads it, or every daily row; dates are the site's local dates. */
export function toCsv(report: SiteAnalytics, table: "compliance" | "daily"): string {
  const lines =
    table === "compliance"
      ? [
          [
            "date",
            "unit",
            "% of day in range",
            "minutes in range",
            "minutes out of range",
            "minutes without data",
          ],
          ...report.compliance.map((c) => [
            c.day,
            c.name,
            c.percentInRange,
            c.minutesInRange,
            c.minutesOutOfRange,
            c.minutesUnknown,
          ]),
        ]
      : [
          [
            "date",
            "alarms",
            "mean minutes to acknowledge",
            "mean minutes to clear",
            "hub offline minutes",
            "device offline minutes",
            "revenue (minor units by currency)",
          ],
          ...report.days.map((d) => [
            d.day,
            d.alarms,
            d.mttaMinutes,
            d.mttcMinutes,
            d.hubOfflineMinutes,
            d.deviceOfflineMinutes,
            Object.entries(d.revenue)
              .map(([c, a]) => `${c.toUpperCase()} ${a}`)
              .join("; "),
          ]),
        ];
  return `${lines.map((l) => l.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
