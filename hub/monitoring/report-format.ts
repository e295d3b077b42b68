/** The food-safety report as CSV (for spreadsheets and inspectors) and as a printable HTML page. */
import { iso } from "../../shared/clock/index.ts";
import { alarmKindText, formatDuration, formatTime, personName } from "../../shared/ui/format.ts";
import type { FoodSafetyReport } from "./report.ts";

const when = (ms: number | null) => iso(ms) ?? "";
const minutes = (ms: number) => (ms / 60_000).toFixed(1);

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : String(v);
  // RFC 4180 quoting, and a leading quote against spreadsheet formula injection.
  const safe = /^[=+\-@]/.test(s) && Number.isNaN(Number(s)) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
const csvRow = (cells: unknown[]) => cells.map(csvCell).join(",");

export function reportCsv(r: FoodSafetyReport): string {
  const lines = [
    csvRow([
      "equipment",
      r.equipment.name,
      "type",
      r.equipment.type,
      "range °C",
      `${r.equipment.optimalMin}..${r.equipment.optimalMax}`,
    ]),
    csvRow(["from", when(r.from), "to", when(r.to)]),
    csvRow(["readings", r.readings, "time in range %", r.timeInRangePct, "no data (min)", minutes(r.gapMs)]),
    csvRow(["min °C", r.min, "max °C", r.max, "mean °C", r.mean]),
    "",
    csvRow(["excursion", "start", "end", "duration (min)", "peak °C"]),
    ...r.excursions.map((x) =>
      csvRow([x.direction, when(x.start), when(x.end), minutes(x.durationMs), x.peak]),
    ),
    "",
    csvRow([
      "alarm",
      "kind",
      "raised",
      "acknowledged",
      "by",
      "note",
      "cleared",
      "closed",
      "closed by",
      "corrective action",
    ]),
    ...r.alarms.map((a) =>
      csvRow([
        a.id,
        a.kind,
        when(a.raisedAt),
        when(a.acknowledgedAt),
        a.acknowledgedBy,
        a.acknowledgementNote,
        when(a.clearedAt),
        when(a.closedAt),
        a.closedBy,
        a.correctiveAction,
      ]),
    ),
  ];
  return `${lines.join("\r\n")}\r\n`;
}

const esc = (v: unknown) =>
  String(v ?? "").replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );

const DIRECTION_WORDS: Record<string, string> = { HIGH: "Above the limit", LOW: "Below the limit" };

/** The printable page, for people: times in the site's zone to the minute, durations in h/min, words not enums. */
export function reportHtml(r: FoodSafetyReport, zone = "UTC"): string {
  const when = (ms: number | null) => (ms === null ? "" : formatTime(ms, zone));
  const minutes = formatDuration;
  const excursions = r.excursions
    .map(
      (x) =>
        `<tr><td>${DIRECTION_WORDS[x.direction] ?? esc(x.direction)}</td><td>${when(x.start)}</td><td>${when(x.end) || "ongoing"}</td><td>${minutes(x.durationMs)}</td><td>${x.peak}</td></tr>`,
    )
    .join("");
  const alarmRows = r.alarms
    .map(
      (a) =>
        `<tr><td>${esc(alarmKindText(a.kind))}</td><td>${when(a.raisedAt)}</td><td>${esc(personName(a.acknowledgedBy))} ${when(a.acknowledgedAt)}<br>${esc(a.acknowledgementNote)}</td><td>${when(a.clearedAt)}</td><td>${esc(personName(a.closedBy))} ${when(a.closedAt)}<br>${esc(a.correctiveAction)}</td></tr>`,
    )
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Temperature record — ${esc(r.equipment.name)}</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:2rem;color:#111}h1{font-size:1.4rem}table{border-collapse:collapse;width:100%;margin:1rem 0}
th,td{border:1px solid #999;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#eee}.kpi{font-size:1.2rem;font-weight:600}
@media print{body{margin:0}button{display:none}}
</style></head><body>
<h1>Food-safety temperature record: ${esc(r.equipment.name)} (${esc(r.equipment.type)})</h1>
<p>${esc(r.equipment.location ?? "")} · range ${r.equipment.optimalMin} °C to ${r.equipment.optimalMax} °C · ${when(r.from)} to ${when(r.to)} · times in ${esc(zone)}</p>
<p class="kpi">Time in range: ${r.timeInRangePct ?? "no data"}${r.timeInRangePct === null ? "" : " %"}</p>
<p>${r.readings} readings · min ${r.min ?? "–"} °C · max ${r.max ?? "–"} °C · mean ${r.mean ?? "–"} °C ${r.gapMs > 0 ? ` · no readings for ${minutes(r.gapMs)}` : ""}</p>
<h2>Excursions</h2>
<table><thead><tr><th>Direction</th><th>Start</th><th>End</th><th>Duration</th><th>Peak °C</th></tr></thead><tbody>${excursions || '<tr><td colspan="5">None</td></tr>'}</tbody></table>
<h2>Alarms, acknowledgements and corrective actions</h2>
<table><thead><tr><th>Kind</th><th>Raised</th><th>Acknowledged</th><th>Cleared</th><th>Closed / corrective action</th></tr></thead><tbody>${alarmRows || '<tr><td colspan="5">None</td></tr>'}</tbody></table>
<button onclick="print()">Print</button>
</body></html>`;
}
