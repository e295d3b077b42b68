/** The printable food-safety temperature record of one unit: the shared record computation, times in the site's zone. */
import type { ComponentChildren } from "preact";
import {
  type FoodSafetyRecord,
  personName,
  type RecordAlarm,
  type RecordExcursion,
  type RecordHour,
  VERDICT_WORDS,
} from "../../../shared/records/food-safety.ts";
import { Async, type Column, PageTitle, Table, useAsync } from "../../../shared/ui/components.tsx";
import {
  formatDuration,
  formatTemp,
  formatTime,
  ALARM_KIND_WORDS as KIND_WORDS,
} from "../../../shared/ui/format.ts";
import { api } from "../api.ts";
import type { Site } from "../types.ts";

const DAYS = 30;
/** A record left open fills in as the hub's minutes arrive (each goes up a minute or two after it ends). */
const REFRESH_MS = 30_000;

type Row = { kind: "hour"; hour: RecordHour } | { kind: "gap"; from: number; to: number };

/** Hours with readings and the stretches without, newest first. */
function rowsOf(r: FoodSafetyRecord): Row[] {
  const rows: Row[] = [
    ...r.hours.map((hour) => ({ kind: "hour" as const, hour })),
    ...r.gaps.map((g) => ({ kind: "gap" as const, ...g })),
  ];
  const at = (row: Row) => (row.kind === "hour" ? row.hour.at : row.from);
  return rows.sort((a, b) => at(b) - at(a));
}

function verdictCell(row: Row): ComponentChildren {
  if (row.kind === "gap") return "no readings";
  const v = row.hour.verdict;
  if (v === "outside") return <strong class="error">no</strong>;
  return v === "within" ? "yes" : "limits not known";
}

export function UnitReport({ site, equipmentId }: { site: Site; equipmentId: string }) {
  const record = useAsync(() => api.record(site.id, equipmentId, DAYS), [equipmentId], REFRESH_MS);
  return (
    <>
      <PageTitle>Food-safety temperature record</PageTitle>
      <Async state={record}>{(r) => <RecordView site={site} record={r} />}</Async>
    </>
  );
}

function RecordView({ site, record: r }: { site: Site; record: FoodSafetyRecord & { timeZone: string } }) {
  const zone = r.timeZone;
  const when = (ms: number | null) => formatTime(ms, zone);
  const hours: Column<Row>[] = [
    {
      label: "Hour starting",
      cell: (row) => (row.kind === "hour" ? when(row.hour.at) : `${when(row.from)} to ${when(row.to)}`),
    },
    {
      label: "With readings",
      cell: (row) => (row.kind === "hour" ? formatDuration(row.hour.coveredMs) : "none"),
    },
    { label: "Lowest", cell: (row) => (row.kind === "hour" ? formatTemp(row.hour.min) : "—") },
    { label: "Highest", cell: (row) => (row.kind === "hour" ? formatTemp(row.hour.max) : "—") },
    { label: "Mean", cell: (row) => (row.kind === "hour" ? formatTemp(row.hour.mean) : "—") },
    { label: "Within limits", cell: verdictCell },
  ];
  const excursions: Column<RecordExcursion>[] = [
    { label: "Direction", cell: (x) => (x.direction === "HIGH" ? "Above the limit" : "Below the limit") },
    { label: "Start", cell: (x) => when(x.start) },
    { label: "End", cell: (x) => (x.end === null ? "still out of limits at the end" : when(x.end)) },
    { label: "Duration", cell: (x) => formatDuration(x.durationMs) },
    { label: "Peak", cell: (e) => formatTemp(e.peak) },
  ];
  const alarms: Column<RecordAlarm>[] = [
    { label: "Alarm", cell: (a) => (a.kind ? (KIND_WORDS[a.kind] ?? a.kind) : "Alarm") },
    { label: "Raised", cell: (a) => when(a.raisedAt) },
    {
      label: "Acknowledged",
      cell: (a) =>
        a.acknowledgedAt === null ? (
          "not acknowledged"
        ) : (
          <>
            <span title={a.acknowledgedBy ?? undefined}>{personName(a.acknowledgedBy) ?? "someone"}</span>,{" "}
            {when(a.acknowledgedAt)}
            {a.note ? <div>“{a.note}”</div> : null}
          </>
        ),
    },
    { label: "Cleared", cell: (a) => (a.clearedAt === null ? "not cleared" : when(a.clearedAt)) },
    {
      label: "Closed, corrective action",
      cell: (a) =>
        a.closedAt === null ? (
          "not closed"
        ) : (
          <>
            <span title={a.closedBy ?? undefined}>{personName(a.closedBy) ?? "someone"}</span>,{" "}
            {when(a.closedAt)}
            <div>{a.correctiveAction ?? "no corrective action recorded"}</div>
          </>
        ),
    },
  ];
  return (
    <>
      <h2>{r.equipmentName ?? "Unnamed unit"}</h2>
      <p>
        {site.name} · {when(r.from)} to {when(r.to)} · times in {zone}
      </p>
      <p>
        Limits:{" "}
        {r.limits
          ? `${formatTemp(r.limits.low)} to ${formatTemp(r.limits.high)}, as configured on the hub`
          : "not known (the hub has not sent this unit's configured range), so no hour can be judged"}
      </p>
      <p class="kpi" data-verdict={r.verdict}>
        <strong class={r.verdict === "outside" ? "error" : undefined}>{VERDICT_WORDS[r.verdict]}</strong>
        {r.verdict === "outside"
          ? ` — out of limits for ${formatDuration(r.outsideMs)} of ${formatDuration(r.coveredMs)} with readings.`
          : r.coveredMs > 0
            ? ` — ${formatDuration(r.coveredMs)} with readings.`
            : ""}
        {r.coveredMs > 0 && r.gapMs > 0 ? ` No readings for ${formatDuration(r.gapMs)} of the period.` : ""}
      </p>
      <button type="button" onClick={() => window.print()}>
        Print
      </button>
      <h3>Excursions</h3>
      <Table
        caption="Excursions"
        columns={excursions}
        rows={r.excursions}
        rowKey={(e) => String(e.start)}
        empty={r.limits ? "None." : "Cannot be listed: the limits are not known."}
      />
      <h3>Alarms, acknowledgements and corrective actions</h3>
      <Table
        caption="Alarms, acknowledgements and corrective actions"
        columns={alarms}
        rows={r.alarms}
        rowKey={(a) => a.alarmId}
        empty="None."
      />
      <h3>Temperature by hour</h3>
      <Table
        caption="Temperature by hour"
        columns={hours}
        rows={rowsOf(r)}
        rowKey={(row) => (row.kind === "hour" ? `h${row.hour.at}` : `g${row.from}`)}
        empty="No readings in this period."
      />
    </>
  );
}
