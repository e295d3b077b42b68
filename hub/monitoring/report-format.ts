/** The food-safety report as CSV (for spreadsheets and inspectors) and as a printable HTML page. */
import { EQUIPMENT_TYPE_WORDS, type EquipmentType } from "../../shared/equipment/index.ts";
import { alarmKindText, formatDuration, formatTemp, formatTime, personName } from "../../shared/ui/format.ts";
import type { FoodSafetyReport } from "./report.ts";

const typeWords = (t: string) => EQUIPMENT_TYPE_WORDS[t as EquipmentType] ?? t.toLowerCase();
const DIRECTION_WORDS: Record<string, string> = { HIGH: "Above the limit", LOW: "Below the limit" };
/** Whole minutes: a spreadsheet sums them; a fraction of a minute says nothing to an inspector. */
const minutes = (ms: number) => Math.round(ms / 60_000);

/** "2026-06-01 10:20" in `zone` (sortable, no seconds, no UTC): the zone is named once in the header. */
function localStamp(ms: number | null, zone: string): string {
  if (ms === null) return "";
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(ms)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? "" : String(v);
  // RFC 4180 quoting, and a leading quote against spreadsheet formula injection.
  const safe = /^[=+\-@]/.test(s) && Number.isNaN(Number(s)) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
const csvRow = (cells: unknown[]) => cells.map(csvCell).join(",");

/** The CSV: times in the site's zone to the minute (named in the header), durations in whole minutes. */
export function reportCsv(r: FoodSafetyReport, zone = "UTC"): string {
  const when = (ms: number | null) => localStamp(ms, zone);
  const lines = [
    csvRow([
      "equipment",
      r.equipment.name,
      "type",
      typeWords(r.equipment.type),
      "range °C",
      `${r.equipment.optimalMin}..${r.equipment.optimalMax}`,
    ]),
    csvRow(["from", when(r.from), "to", when(r.to), "time zone", zone]),
    csvRow(["readings", r.readings, "time in range %", r.timeInRangePct, "no data (min)", minutes(r.gapMs)]),
    csvRow(["min °C", r.min, "max °C", r.max, "mean °C", r.mean]),
    "",
    csvRow(["excursion", "start", "end", "duration (min)", "peak °C"]),
    ...r.excursions.map((x) =>
      csvRow([
        DIRECTION_WORDS[x.direction] ?? x.direction,
        when(x.start),
        when(x.end),
        minutes(x.durationMs),
        x.peak,
      ]),
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
        alarmKindText(a.kind),
        when(a.raisedAt),
        when(a.acknowledgedAt),
        personName(a.acknowledgedBy),
        a.acknowledgementNote,
        when(a.clearedAt),
        when(a.closedAt),
        personName(a.closedBy),
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

/** The printable page, for people: times in the site's zone to the minute, durations in h/min, words not enums. */
export function reportHtml(r: FoodSafetyReport, zone = "UTC"): string {
  const when = (ms: number | null) => (ms === null ? "" : formatTime(ms, zone));
  const minutes = formatDuration;
  const excursions = r.excursions
    .map(
      (x) =>
        `<tr><td>${DIRECTION_WORDS[x.direction] ?? esc(x.direction)}</td><td>${when(x.start)}</td><td>${when(x.end) || "ongoing"}</td><td>${minutes(x.durationMs)}</td><td>${formatTemp(x.peak)}</td></tr>`,
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
<h1>Food-safety temperature record: ${esc(r.equipment.name)} (${esc(typeWords(r.equipment.type))})</h1>
<p>${r.equipment.location ? `${esc(r.equipment.location)} · ` : ""}limits ${formatTemp(r.equipment.optimalMin)} to ${formatTemp(r.equipment.optimalMax)} · ${when(r.from)} to ${when(r.to)} · times in ${esc(zone)}</p>
<p class="kpi">Time in range: ${r.timeInRangePct ?? "no data"}${r.timeInRangePct === null ? "" : " %"}</p>
<p>${r.readings} readings · lowest ${formatTemp(r.min)} · highest ${formatTemp(r.max)} · mean ${formatTemp(r.mean)}${r.gapMs > 0 ? ` · no readings for ${minutes(r.gapMs)}` : ""}</p>
<h2>Excursions</h2>
<table><thead><tr><th>Direction</th><th>Start</th><th>End</th><th>Duration</th><th>Peak</th></tr></thead><tbody>${excursions || '<tr><td colspan="5">None</td></tr>'}</tbody></table>
<h2>Alarms, acknowledgements and corrective actions</h2>
<table><thead><tr><th>Kind</th><th>Raised</th><th>Acknowledged</th><th>Cleared</th><th>Closed / corrective action</th></tr></thead><tbody>${alarmRows || '<tr><td colspan="5">None</td></tr>'}</tbody></table>
<button onclick="print()">Print</button>
</body></html>`;
}
