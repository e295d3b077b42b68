/** A site's analytics: compliance and alarms per day (uPlot), the compliance table an inspector asks for, CSV. */
import { useEffect, useRef, useState } from "preact/hooks";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { formatMoney } from "../../../shared/money/index.ts";
import { Async, type Column, PageTitle, Table, useAsync } from "../../../shared/ui/components.tsx";
import { api } from "../api.ts";
import type { Site } from "../types.ts";
import { ModuleCharts } from "./analytics-rows.tsx";

type Report = Awaited<ReturnType<typeof api.siteAnalytics>>;
export const DAY = 86_400_000;
export const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export interface DayRange {
  from: string;
  to: string;
}

/** The From/to local dates every analytics page offers, with whose dates they are. */
export function DateRangeForm({
  range,
  onChange,
  note,
}: {
  range: DayRange;
  onChange: (r: DayRange) => void;
  note: string;
}) {
  return (
    <form class="row" onSubmit={(e) => e.preventDefault()}>
      <label>
        From{" "}
        <input
          type="date"
          value={range.from}
          onChange={(e) => onChange({ ...range, from: e.currentTarget.value })}
        />
      </label>
      <label>
        to{" "}
        <input
          type="date"
          value={range.to}
          onChange={(e) => onChange({ ...range, to: e.currentTarget.value })}
        />
      </label>
      <span class="muted">{note}</span>
    </form>
  );
}

/** Hands a fetched CSV to the browser as a download. */
export function saveBlob(blob: Blob, name: string): void {
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  a.click();
  URL.revokeObjectURL(a.href);
}

const COLOURS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2"];

/** One or more daily series on uPlot; `values` is the single-series shorthand. */
export function DailyChart({
  title,
  days,
  values,
  series,
  unit,
}: {
  title: string;
  days: string[];
  values?: (number | null)[];
  series?: { label: string; values: (number | null)[] }[];
  unit: string;
}) {
  const lines = series ?? [{ label: title, values: values ?? [] }];
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const width = () => Math.max(280, el.clientWidth);
    const plot = new uPlot(
      {
        width: width(),
        height: 220,
        // Days are local dates: drawn at UTC midnight and labelled as dates, never shifted by the viewer's zone.
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
        series: [
          {},
          ...lines.map((l, i) => ({
            label: `${l.label} (${unit})`,
            stroke: COLOURS[i % COLOURS.length],
            width: 2,
            spanGaps: false,
          })),
        ],
        axes: [{}, { label: unit }],
      },
      [days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000), ...lines.map((l) => l.values)],
      el,
    );
    const ro = new ResizeObserver(() => plot.setSize({ width: width(), height: 220 }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [days, values, series]);
  return (
    <figure class="chart">
      <div ref={box} role="img" aria-label={title} />
    </figure>
  );
}

async function download(siteId: string, from: string, to: string, table: "compliance" | "daily" | "rows") {
  saveBlob(await api.analyticsCsv(siteId, from, to, table), `${table}-${from}-${to}.csv`);
}

export function SiteAnalytics({ site }: { site: Site }) {
  const [range, setRange] = useState({ from: isoDay(Date.now() - 29 * DAY), to: isoDay(Date.now()) });
  const report = useAsync(
    () => api.siteAnalytics(site.id, range.from, range.to),
    [site.id, range.from, range.to],
  );
  return (
    <>
      <PageTitle>Analytics</PageTitle>
      <DateRangeForm range={range} onChange={setRange} note={`Local dates of the site (${site.timeZone}).`} />
      <Async state={report}>{(r) => <ReportView site={site} r={r} />}</Async>
    </>
  );
}

function ReportView({ site, r }: { site: Site; r: Report }) {
  const days = r.days.map((d) => d.day);
  const compliance = days.map((day) => {
    const judged = r.compliance.filter((c) => c.day === day && c.percentInRange !== null);
    return judged.length ? judged.reduce((s, c) => s + c.percentInRange!, 0) / judged.length : null;
  });
  const columns: Column<Report["compliance"][number]>[] = [
    { label: "Date", cell: (c) => c.day },
    { label: "Unit", cell: (c) => c.name },
    {
      label: "% of day in range",
      cell: (c) => (c.percentInRange === null ? "no data" : `${c.percentInRange} %`),
    },
    { label: "Minutes out of range", cell: (c) => c.minutesOutOfRange },
    { label: "Minutes without data", cell: (c) => c.minutesUnknown },
  ];
  const dayColumns: Column<Report["days"][number]>[] = [
    { label: "Date", cell: (d) => d.day },
    { label: "Alarms", cell: (d) => d.alarms },
    {
      label: "Mean time to acknowledge",
      cell: (d) => (d.mttaMinutes === null ? "—" : `${d.mttaMinutes} min`),
    },
    { label: "Mean time to clear", cell: (d) => (d.mttcMinutes === null ? "—" : `${d.mttcMinutes} min`) },
    { label: "Hub offline", cell: (d) => `${d.hubOfflineMinutes} min` },
    {
      label: "Revenue",
      cell: (d) =>
        Object.entries(d.revenue)
          .map(([currency, amount]) => formatMoney({ amount, currency }))
          .join(", ") || "—",
    },
  ];
  return (
    <>
      <DailyChart
        title="Food safety: share of the day in range, mean of units with data"
        days={days}
        values={compliance}
        unit="%"
      />
      <DailyChart title="Alarms raised" days={days} values={r.days.map((d) => d.alarms)} unit="alarms" />
      <h2>Temperature record</h2>
      <p class="row">
        <button type="button" onClick={() => download(site.id, r.from, r.to, "compliance")}>
          Download CSV
        </button>
        <span class="muted">Minutes without data count as unknown, never as in range.</span>
      </p>
      <Table
        caption="Compliance per unit per day"
        columns={columns}
        rows={r.compliance}
        rowKey={(c) => `${c.day}|${c.equipmentId}`}
        empty="No readings in this range."
      />
      <h2>Days</h2>
      <p>
        <button type="button" onClick={() => download(site.id, r.from, r.to, "daily")}>
          Download CSV
        </button>
      </p>
      <Table
        caption="Alarms, uptime and revenue per day"
        columns={dayColumns}
        rows={r.days}
        rowKey={(d) => d.day}
      />
      <ModuleCharts days={days} rows={r.rows} metrics={r.metrics} />
      {r.rows.length > 0 && (
        <p>
          <button type="button" onClick={() => download(site.id, r.from, r.to, "rows")}>
            Download CSV of these figures
          </button>
        </p>
      )}
      {r.revenueBySource.length > 0 && (
        <>
          <h2>Revenue by source</h2>
          <ul>
            {r.revenueBySource.map((s) => (
              <li key={`${s.currency}:${s.source}`}>
                {s.source.toLowerCase()}: {formatMoney({ amount: s.amount, currency: s.currency })}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
