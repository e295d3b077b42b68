/** One unit: its temperature chart (24 h / 7 d / 30 d from rollups) and its printable food-safety report. */
import { useSignal } from "@preact/signals";
import { TempChart } from "../../../shared/ui/chart.tsx";
import { Async, type Column, PageTitle, Table, useAsync } from "../../../shared/ui/components.tsx";
import { formatTemp, formatTime } from "../../../shared/ui/format.ts";
import { Link } from "../../../shared/ui/router.tsx";
import { api } from "../api.ts";
import type { HistoryRange, HistoryView, Site } from "../types.ts";
import { zoneOf } from "./site.tsx";

const RANGES: { value: HistoryRange; label: string }[] = [
  { value: "24h", label: "24 hours" },
  { value: "7d", label: "7 days" },
  { value: "30d", label: "30 days" },
];

export function Unit({ site, equipmentId }: { site: Site; equipmentId: string }) {
  const range = useSignal<HistoryRange>("24h");
  const history = useAsync(() => api.history(site.id, equipmentId, range.value), [equipmentId, range.value]);
  return (
    <>
      <PageTitle>Temperature history</PageTitle>
      <fieldset class="tabs">
        <legend class="sr-only">Period</legend>
        {RANGES.map((r) => (
          <button
            key={r.value}
            type="button"
            aria-pressed={range.value === r.value}
            onClick={() => (range.value = r.value)}
          >
            {r.label}
          </button>
        ))}
      </fieldset>
      <Async state={history}>
        {(h) => <TempChart series={h} zone={zoneOf(site)} title={`Temperature, last ${range.value}`} />}
      </Async>
      <p>
        <Link href={`/sites/${site.id}/units/${equipmentId}/report`}>Food-safety report (printable)</Link>
      </p>
    </>
  );
}

interface Row {
  t: number;
  min: number;
  max: number;
  mean: number;
  outside: boolean;
}

/** Hourly rows of the last 30 days; rows outside the limits are marked, for an inspector's eye. */
function reportRows(h: HistoryView): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < h.t.length; i++) {
    const min = h.min[i]!;
    const max = h.max[i]!;
    const outside = h.limits ? min < h.limits.low || max > h.limits.high : false;
    rows.push({ t: h.t[i]!, min, max, mean: h.mean[i]!, outside });
  }
  return rows.reverse();
}

export function UnitReport({ site, equipmentId }: { site: Site; equipmentId: string }) {
  const history = useAsync(() => api.history(site.id, equipmentId, "30d"), [equipmentId]);
  const zone = zoneOf(site);
  const columns: Column<Row>[] = [
    { label: "Time", cell: (r) => formatTime(r.t * 1000, zone) },
    { label: "Lowest", cell: (r) => formatTemp(r.min) },
    { label: "Highest", cell: (r) => formatTemp(r.max) },
    { label: "Mean", cell: (r) => formatTemp(r.mean) },
    { label: "Within limits", cell: (r) => (r.outside ? <strong class="error">no</strong> : "yes") },
  ];
  return (
    <>
      <PageTitle>Food-safety temperature record</PageTitle>
      <p>
        {site.name} · unit {equipmentId} · times in {zone}
      </p>
      <button type="button" onClick={() => window.print()}>
        Print
      </button>
      <Async state={history}>
        {(h) => (
          <>
            <p>
              Limits:{" "}
              {h.limits
                ? `${formatTemp(h.limits.low)} to ${formatTemp(h.limits.high)}`
                : "none set for this unit"}
            </p>
            <Table
              caption="Temperature record"
              columns={columns}
              rows={reportRows(h)}
              rowKey={(r) => String(r.t)}
            />
          </>
        )}
      </Async>
    </>
  );
}
