/** Charts of the rows modules add through their manifests (sales, energy per room, service times, bookings). */
import { useMemo } from "preact/hooks";
import { minorUnitDigits } from "../../../shared/money/index.ts";
import { DailyChart } from "./analytics.tsx";

interface Row {
  day: string;
  metric: string;
  key: string;
  label: string;
  value: number;
}
interface Metric {
  id: string;
  label: string;
  unit: "count" | "minutes" | "money" | "percent";
}

const UNIT_WORDS: Record<Metric["unit"], string> = {
  count: "count",
  minutes: "min",
  money: "",
  percent: "%",
};
const MAX_LINES = 6;

/** One chart per metric: a line per key (room, product, currency), the largest few when there are many. */
export function chartsOf(days: string[], rows: readonly Row[], metrics: readonly Metric[]) {
  const index = new Map(days.map((d, i) => [d, i]));
  return metrics.flatMap((m) => {
    const byKey = new Map<string, { label: string; values: (number | null)[]; total: number }>();
    for (const r of rows) {
      const i = index.get(r.day);
      if (r.metric !== m.id || i === undefined) continue;
      const line = byKey.get(r.key) ?? {
        label: r.label || r.key || m.label,
        values: days.map(() => 0 as number | null),
        total: 0,
      };
      // Money is kept in minor units: drawn in the currency's main unit.
      const v = m.unit === "money" ? r.value / 10 ** minorUnitDigits(r.key) : r.value;
      line.values[i] = (line.values[i] ?? 0) + v;
      line.total += Math.abs(v);
      byKey.set(r.key, line);
    }
    if (byKey.size === 0) return [];
    const lines = [...byKey.values()].sort((a, b) => b.total - a.total).slice(0, MAX_LINES);
    const unit = m.unit === "money" ? [...byKey.keys()].join(", ").toUpperCase() : UNIT_WORDS[m.unit];
    return [
      { id: m.id, title: m.label, unit, series: lines.map(({ label, values }) => ({ label, values })) },
    ];
  });
}

export function ModuleCharts(props: { days: string[]; rows: readonly Row[]; metrics: readonly Metric[] }) {
  const charts = useMemo(
    () => chartsOf(props.days, props.rows, props.metrics),
    [props.days, props.rows, props.metrics],
  );
  if (charts.length === 0) return null;
  return (
    <section aria-label="Other figures">
      <h2>Sales, energy, service and bookings</h2>
      {charts.map((c) => (
        <div key={c.id}>
          <h3>{c.title}</h3>
          <DailyChart title={c.title} days={props.days} series={c.series} unit={c.unit} />
        </div>
      ))}
    </section>
  );
}
