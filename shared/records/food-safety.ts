/**
 * The food-safety temperature record of one unit, computed from minute rollups, the configured limits and the
 * unit's alarms: the one computation the cloud's printable record and the hub's report share (pure; no zod, so
 * the web apps may import it).
 */

const MINUTE = 60_000;
const HOUR = 3_600_000;
/**
 * A minute with readings stands until the next one, for at most this long (the hub's report holds a reading as
 * long); past this silence there is no data, and an excursion is closed at its last minute.
 */
export const MAX_MINUTE_GAP_MS = 15 * MINUTE;

/** One minute of readings: `at` is the minute's start (ms). */
export interface RecordMinute {
  at: number;
  min: number;
  max: number;
  mean: number;
  count: number;
}

/** The configured range (the hub's optimalMin..optimalMax), °C. */
export interface RecordLimits {
  low: number;
  high: number;
}

/** An alarm as both sides keep it (instants in ms); the person fields are names, never ids. */
export interface RecordAlarm {
  alarmId: string;
  kind: string | null;
  raisedAt: number | null;
  temperature: number | null;
  peak: number | null;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  note: string | null;
  clearedAt: number | null;
  closedAt: number | null;
  closedBy: string | null;
  correctiveAction: string | null;
}

/** `limits-unknown` when no range was configured or carried up: never "within" by default. */
export type Verdict = "within" | "outside" | "limits-unknown" | "no-data";

export interface RecordHour {
  /** Start of the hour (ms). */
  at: number;
  /** Minute rollups in the hour. */
  minutes: number;
  /** Time of the hour covered by readings (each minute stands until the next, at most MAX_MINUTE_GAP_MS). */
  coveredMs: number;
  min: number;
  max: number;
  mean: number;
  verdict: Exclude<Verdict, "no-data">;
}

export interface RecordExcursion {
  direction: "HIGH" | "LOW";
  start: number;
  /** The first minute back in range (or the end of the last minute before silence); null: still out at the end. */
  end: number | null;
  durationMs: number;
  /** Highest max (HIGH) or lowest min (LOW) while out. */
  peak: number;
}

export interface FoodSafetyRecord {
  equipmentId: string;
  equipmentName: string | null;
  limits: RecordLimits | null;
  from: number;
  to: number;
  verdict: Verdict;
  /** Time of the period covered by readings, and the part of it out of limits (0 without limits). */
  coveredMs: number;
  outsideMs: number;
  /** The period's time without readings. */
  gapMs: number;
  hours: RecordHour[];
  /** Whole hours of the period without a single reading, merged into ranges. */
  gaps: { from: number; to: number }[];
  excursions: RecordExcursion[];
  alarms: RecordAlarm[];
}

export interface RecordInput {
  equipmentId: string;
  equipmentName: string | null;
  limits: RecordLimits | null;
  from: number;
  to: number;
  minutes: readonly RecordMinute[];
  alarms: readonly RecordAlarm[];
}

const sideOf = (m: RecordMinute, l: RecordLimits): "HIGH" | "LOW" | null =>
  m.max > l.high ? "HIGH" : m.min < l.low ? "LOW" : null;

/** Builds the record of `[from, to)`; minutes outside the period are ignored, the rest may come in any order. */
export function buildFoodSafetyRecord(input: RecordInput): FoodSafetyRecord {
  const { limits, from, to } = input;
  const minutes = input.minutes.filter((m) => m.at >= from && m.at < to).sort((a, b) => a.at - b.at);
  const held = minutes.map((m, i) => ({
    m,
    until: Math.min(
      Math.max(m.at + MINUTE, Math.min(minutes[i + 1]?.at ?? to, m.at + MAX_MINUTE_GAP_MS)),
      to,
    ),
  }));
  const hours = hourRows(held, limits, from);
  const excursions = limits ? excursionsOf(minutes, limits, to) : [];
  const coveredMs = held.reduce((sum, h) => sum + h.until - h.m.at, 0);
  const outsideMs = limits
    ? held.filter((h) => sideOf(h.m, limits) !== null).reduce((sum, h) => sum + h.until - h.m.at, 0)
    : 0;
  const verdict: Verdict =
    minutes.length === 0 ? "no-data" : !limits ? "limits-unknown" : outsideMs > 0 ? "outside" : "within";
  return {
    equipmentId: input.equipmentId,
    equipmentName: input.equipmentName,
    limits,
    from,
    to,
    verdict,
    coveredMs,
    outsideMs,
    gapMs: to - from - coveredMs,
    hours,
    gaps: gapsOf(hours, from, to),
    excursions,
    alarms: alarmsIn(input.alarms, from, to),
  };
}

type Held = { m: RecordMinute; until: number };

function hourRows(held: readonly Held[], limits: RecordLimits | null, from: number): RecordHour[] {
  const rows: RecordHour[] = [];
  let sum = 0;
  let count = 0;
  for (const { m } of held) {
    const at = Math.floor(m.at / HOUR) * HOUR;
    let row = rows.at(-1);
    if (!row || row.at !== at) {
      if (row) row.mean = round(sum / count);
      sum = 0;
      count = 0;
      row = { at, minutes: 0, coveredMs: 0, min: m.min, max: m.max, mean: 0, verdict: "within" };
      rows.push(row);
    }
    row.minutes++;
    row.min = Math.min(row.min, m.min);
    row.max = Math.max(row.max, m.max);
    sum += m.mean * m.count;
    count += m.count;
  }
  const last = rows.at(-1);
  if (last) last.mean = round(sum / count);
  // A minute's hold may run into the next hour: each hour gets the part that falls in it.
  const byHour = new Map(rows.map((r) => [r.at, r]));
  for (const h of held) {
    for (let at = Math.floor(h.m.at / HOUR) * HOUR; at < h.until; at += HOUR) {
      const row = byHour.get(at);
      if (row) row.coveredMs += Math.min(h.until, at + HOUR) - Math.max(h.m.at, at, from);
    }
  }
  for (const row of rows) {
    row.verdict = !limits
      ? "limits-unknown"
      : row.max > limits.high || row.min < limits.low
        ? "outside"
        : "within";
  }
  return rows;
}

const round = (v: number) => Math.round(v * 100) / 100;

function excursionsOf(minutes: readonly RecordMinute[], limits: RecordLimits, to: number): RecordExcursion[] {
  const out: RecordExcursion[] = [];
  let open: RecordExcursion | null = null;
  let lastAt = 0;
  const close = (end: number) => {
    if (!open) return;
    open.end = end;
    open.durationMs = end - open.start;
    open = null;
  };
  for (const m of minutes) {
    // Past the hold there is no data: the excursion is recorded up to where its last minute stood.
    if (open && m.at - lastAt > MAX_MINUTE_GAP_MS) close(lastAt + MAX_MINUTE_GAP_MS);
    const side = sideOf(m, limits);
    if (open && open.direction !== side) close(m.at);
    if (side && !open) {
      open = {
        direction: side,
        start: m.at,
        end: null,
        durationMs: 0,
        peak: side === "HIGH" ? m.max : m.min,
      };
      out.push(open);
    }
    if (open) open.peak = side === "HIGH" ? Math.max(open.peak, m.max) : Math.min(open.peak, m.min);
    lastAt = m.at;
  }
  const still = open as RecordExcursion | null;
  if (still) {
    const held = lastAt + MAX_MINUTE_GAP_MS;
    // Readings that stopped before the period's end close it there; otherwise it was still out at the end.
    if (held < to) close(held);
    else still.durationMs = to - still.start;
  }
  return out;
}

function gapsOf(hours: readonly RecordHour[], from: number, to: number): { from: number; to: number }[] {
  const gaps: { from: number; to: number }[] = [];
  let cursor = Math.ceil(from / HOUR) * HOUR;
  for (const h of [...hours, { at: Math.floor(to / HOUR) * HOUR }]) {
    if (h.at > cursor) gaps.push({ from: cursor, to: h.at });
    cursor = Math.max(cursor, h.at + HOUR);
  }
  return gaps;
}

/** Alarms active at any time in the period, oldest raise first. */
function alarmsIn(alarms: readonly RecordAlarm[], from: number, to: number): RecordAlarm[] {
  return alarms
    .filter((a) => (a.raisedAt ?? from) < to && (a.clearedAt === null || a.clearedAt >= from))
    .sort((a, b) => (a.raisedAt ?? 0) - (b.raisedAt ?? 0) || a.alarmId.localeCompare(b.alarmId));
}

/** The words a record uses for a verdict; one place, so no screen says "yes" for an unknown. */
export const VERDICT_WORDS: Record<Verdict, string> = {
  within: "Within limits",
  outside: "Out of limits",
  "limits-unknown": "Limits not known: cannot say whether within limits",
  "no-data": "No readings in this period",
};

/** People are recorded as `Name (subject)`; a record shows the name (the subject stays in the data). */
export function personName(recorded: string | null): string | null {
  if (recorded === null) return null;
  return /^(.+?) \([^()]+\)$/.exec(recorded)?.[1] ?? recorded;
}
