/** Modules' own rows (sales, energy, service times, bookings) for a site or an organisation, and their CSV. */
import { formatMoney } from "../../shared/money/index.ts";
import type { AnalyticsMetric } from "../module/index.ts";
import type { AnalyticsDb } from "./facts.ts";
import { dailyRows } from "./read.ts";

export interface ModuleRow {
  day: string;
  metric: string;
  key: string;
  label: string;
  value: number;
}

/** Rows are stored per "site": a site's id, or `org:<id>` for an organisation's (bookings). */
export const organisationScope = (orgId: string) => `org:${orgId}`.slice(0, 64);

export interface OrganisationAnalytics {
  orgId: string;
  name: string;
  timeZone: string;
  from: string;
  to: string;
  metrics: AnalyticsMetric[];
  rows: ModuleRow[];
}

/** An organisation's rows over its local dates (one indexed range query). */
export async function organisationAnalytics(
  deps: { db: AnalyticsDb; metrics: () => AnalyticsMetric[] },
  input: { orgId: string; name: string; timeZone: string; from: string; to: string },
): Promise<OrganisationAnalytics> {
  const rows = (await dailyRows(deps.db, organisationScope(input.orgId), input.from, input.to)).sort(
    (a, b) => a.day.localeCompare(b.day) || a.metric.localeCompare(b.metric) || a.key.localeCompare(b.key),
  );
  const used = new Set(rows.map((r) => r.metric));
  return { ...input, metrics: deps.metrics().filter((m) => used.has(m.id)), rows };
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? "" : String(v);
  // Quoted, and a leading formula character neutralised, so a spreadsheet never runs a cell.
  return `"${(/^[=+\-@]/.test(s) ? `'${s}` : s).replaceAll('"', '""')}"`;
};

/** One line per row: the date, the metric's label, what it is of, the value (money also as text). */
export function rowsCsv(rows: readonly ModuleRow[], metrics: readonly AnalyticsMetric[]): string {
  const byId = new Map(metrics.map((m) => [m.id, m]));
  const lines = [
    ["date", "figure", "of", "value", "unit"],
    ...rows.map((r) => {
      const m = byId.get(r.metric);
      const money = m?.unit === "money" && /^[A-Za-z]{3}$/.test(r.key);
      return [
        r.day,
        m?.label ?? r.metric,
        r.label || r.key,
        money ? formatMoney({ amount: r.value, currency: r.key }) : r.value,
        money ? r.key.toUpperCase() : (m?.unit ?? ""),
      ];
    }),
  ];
  return `${lines.map((l) => l.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
