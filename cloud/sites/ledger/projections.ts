/**
 * Alarm, equipment, reading and device state derived from events. Every apply is order-independent: events are
 * reordered and redelivered in practice, so a clear that arrives before its raise must still end CLEARED.
 * A batch is applied set-based: consecutive events of one kind become one statement per table (rows applied in
 * batch order), so a batch costs a handful of statements whatever its size. Each apply also marks the views it
 * changed in `live_changes`, in the same transaction, for the live push.
 */
import { sql } from "drizzle-orm";
import { isTemperatureAlarm } from "../../../shared/alarms/index.ts";
import type { EventData, EventType } from "../../../shared/events/index.ts";
import { markChanged, noteLimits, recountOpen, type Touch, touchEquipment } from "./equipment-rows.ts";
import { field, fromRows, runRows } from "./json-rows.ts";
import type { LedgerDb, SyncEvent } from "./types.ts";

type Data<T extends EventType> = EventData<T>;
type Kind = "alarm" | "rollup" | "latest" | "presence" | "configured";

const KINDS: Partial<Record<string, Kind>> = {
  "equipment.alarm.raised": "alarm",
  "equipment.alarm.acknowledged": "alarm",
  "equipment.alarm.escalated": "alarm",
  "equipment.alarm.cleared": "alarm",
  "equipment.alarm.closed": "alarm",
  "equipment.readings.rolled-up": "rollup",
  "equipment.reading.latest": "latest",
  "device.presence.changed": "presence",
  "equipment.configured": "configured",
};

const ms = (instant: string) => Date.parse(instant);

/**
 * Applies newly stored events (in seq order) to the derived tables; types without a projection are only stored.
 * Runs of one kind are applied together; a change of kind starts a new run, so what one kind writes is seen by
 * the next as it would be event by event. Open-alarm counts are set once at the end, per unit touched.
 */
export function projectEvents(db: LedgerDb, events: readonly SyncEvent[], now: number): void {
  const touched = new Set<string>();
  let run: SyncEvent[] = [];
  let runKind: Kind | undefined;
  const flush = () => {
    if (runKind && run.length > 0) APPLY[runKind](db, run, now, touched);
    run = [];
  };
  for (const event of events) {
    const kind = KINDS[event.type];
    if (!kind) continue;
    if (kind !== runKind) {
      flush();
      runKind = kind;
    }
    run.push(event);
  }
  flush();
  recountOpen(db, touched);
}

type Apply = (db: LedgerDb, run: readonly SyncEvent[], now: number, touched: Set<string>) => void;

// The edge validated `data` against the catalog (readEvent) before the events reached the ledger.
const dataOf = <T extends EventType>(e: SyncEvent) => e.data as Data<T>;

const APPLY: Record<Kind, Apply> = {
  alarm: (db, run, now, touched) => {
    const patches: AlarmRow[] = [];
    const touches: Touch[] = [];
    const limits: Parameters<typeof noteLimits>[1][number][] = [];
    for (const e of run) {
      const at = ms(e.occurredAt);
      const { row, touch } = alarmStep(e, at);
      patches.push(row);
      touches.push(touch);
      if (e.type === "equipment.alarm.raised") {
        const d = dataOf<"equipment.alarm.raised">(e);
        if (d.limit !== null && isTemperatureAlarm(d.kind))
          limits.push({
            equipmentId: d.equipmentId,
            side: d.kind === "HIGH_TEMPERATURE" ? "high" : "low",
            value: d.limit,
            at: ms(d.raisedAt),
          });
      }
    }
    upsertAlarms(db, patches);
    touchEquipment(db, touches, now);
    noteLimits(db, limits);
    for (const t of touches) touched.add(t[0]);
  },

  /** Stores each minute (a resent minute replaces itself) and moves each unit's latest reading forward. */
  rollup: (db, run, now, touched) => {
    const minutes: [string, number, number, number, number, number][] = [];
    const touches: Touch[] = [];
    const newestAt = new Map<string, number>();
    for (const e of run) {
      const d = dataOf<"equipment.readings.rolled-up">(e);
      let newest = d.minutes[0];
      for (const m of d.minutes) {
        if (newest && ms(m.at) > ms(newest.at)) newest = m;
        minutes.push([d.equipmentId, Math.floor(ms(m.at) / 60_000) * 60, m.min, m.max, m.mean, m.count]);
      }
      if (!newest) continue;
      const at = ms(newest.at);
      touches.push([d.equipmentId, d.equipmentName, newest.mean, at]);
      newestAt.set(d.equipmentId, Math.max(newestAt.get(d.equipmentId) ?? 0, at));
    }
    runRows(
      db,
      minutes,
      (json) => sql`INSERT INTO readings_minute (equipment_id, at, min, max, mean, count)
        SELECT ${field(0)}, ${field(1)}, ${field(2)}, ${field(3)}, ${field(4)}, ${field(5)} ${fromRows(json)}
        ON CONFLICT (equipment_id, at) DO UPDATE SET
          min = excluded.min, max = excluded.max, mean = excluded.mean, count = excluded.count`,
    );
    touchEquipment(db, touches, now);
    runRows(
      db,
      [...newestAt],
      (json) => sql`UPDATE equipment SET last_reading_at = max(coalesce(last_reading_at, 0), j.at)
        FROM (SELECT ${field(0)} AS id, ${field(1)} AS at ${fromRows(json)}) AS j
        WHERE equipment.equipment_id = j.id`,
    );
    for (const t of touches) touched.add(t[0]);
  },

  /** The hub's latest reading of a unit: its tile's temperature, moved forward in reading time only. */
  latest: (db, run, now, touched) => {
    const touches: Touch[] = run.map((e) => {
      const d = dataOf<"equipment.reading.latest">(e);
      return [d.equipmentId, d.equipmentName, d.temperature, ms(d.at)];
    });
    touchEquipment(db, touches, now);
    for (const t of touches) touched.add(t[0]);
  },

  /** The newest presence report per device wins. */
  presence: (db, run) => {
    const rows = run.map((e) => {
      const d = dataOf<"device.presence.changed">(e);
      return [d.deviceId, d.kind, d.name, d.status, d.equipmentId ?? null, ms(d.changedAt)];
    });
    runRows(
      db,
      rows,
      (json) => sql`INSERT INTO devices (device_id, kind, name, status, equipment_id, changed_at)
        SELECT ${field(0)}, ${field(1)}, ${field(2)}, ${field(3)}, ${field(4)}, ${field(5)} ${fromRows(json)}
        ON CONFLICT (device_id) DO UPDATE SET kind = excluded.kind, name = excluded.name,
          status = excluded.status, equipment_id = excluded.equipment_id, changed_at = excluded.changed_at
        WHERE excluded.changed_at >= devices.changed_at`,
    );
    markChanged(
      db,
      "device",
      rows.map((r) => r[0] as string),
    );
  },

  /** The unit's name and configured range; the newest configuration wins, whatever order they arrive in. */
  configured: (db, run, now, touched) => {
    const newest = new Map<string, [string, string, number, number, number, string, number]>();
    const touches: Touch[] = [];
    for (const e of run) {
      const d = dataOf<"equipment.configured">(e);
      const at = ms(d.configuredAt);
      // A unit with no readings or alarms yet is created here (temperature unknown).
      touches.push([d.equipmentId, d.equipmentName, null, 0]);
      const held = newest.get(d.equipmentId);
      if (!held || at >= held[4])
        newest.set(d.equipmentId, [
          d.equipmentId,
          d.equipmentName,
          d.optimalMin,
          d.optimalMax,
          at,
          d.type,
          d.setTemperature,
        ]);
    }
    touchEquipment(db, touches, now);
    runRows(
      db,
      [...newest.values()],
      (
        json,
      ) => sql`UPDATE equipment SET equipment_name = j.name, range_low = j.lo, range_high = j.hi, configured_at = j.at,
          equipment_type = j.type, set_temperature = j.setpoint
        FROM (SELECT ${field(0)} AS id, ${field(1)} AS name, ${field(2)} AS lo, ${field(3)} AS hi, ${field(4)} AS at,
          ${field(5)} AS type, ${field(6)} AS setpoint ${fromRows(json)}) AS j
        WHERE equipment.equipment_id = j.id AND coalesce(equipment.configured_at, 0) <= j.at`,
    );
    for (const t of touches) touched.add(t[0]);
  },
};

/** The alarm columns in the order `upsertAlarms` reads them; null where this step says nothing. */
type AlarmRow = [
  alarmId: string,
  equipmentId: string,
  equipmentName: string | null,
  kind: string | null,
  temperature: number | null,
  limit: number | null,
  peak: number | null,
  raisedAt: number | null,
  acknowledgedAt: number | null,
  acknowledgedBy: string | null,
  note: string | null,
  escalatedAt: number | null,
  clearedAt: number | null,
  closedAt: number | null,
  closedBy: string | null,
  correctiveAction: string | null,
];

/** The columns one lifecycle step fills, and how it touches its unit (steps without a temperature only recount). */
function alarmStep(e: SyncEvent, at: number): { row: AlarmRow; touch: Touch } {
  const n = null;
  switch (e.type) {
    case "equipment.alarm.raised": {
      const d = dataOf<"equipment.alarm.raised">(e);
      const row: AlarmRow = [
        d.alarmId,
        d.equipmentId,
        d.equipmentName,
        d.kind,
        d.temperature,
        d.limit,
        n,
        ms(d.raisedAt),
        n,
        n,
        n,
        n,
        n,
        n,
        n,
        n,
      ];
      return { row, touch: [d.equipmentId, d.equipmentName, d.temperature, at] };
    }
    case "equipment.alarm.acknowledged": {
      const d = dataOf<"equipment.alarm.acknowledged">(e);
      const row: AlarmRow = [
        d.alarmId,
        d.equipmentId,
        n,
        n,
        n,
        n,
        n,
        n,
        ms(d.acknowledgedAt),
        d.acknowledgedBy,
        d.note,
        n,
        n,
        n,
        n,
        n,
      ];
      return { row, touch: [d.equipmentId, n, n, 0] };
    }
    case "equipment.alarm.escalated": {
      const d = dataOf<"equipment.alarm.escalated">(e);
      const row: AlarmRow = [
        d.alarmId,
        d.equipmentId,
        d.equipmentName,
        d.kind,
        n,
        n,
        n,
        ms(d.raisedAt),
        n,
        n,
        n,
        ms(d.escalatedAt),
        n,
        n,
        n,
        n,
      ];
      return { row, touch: [d.equipmentId, n, n, 0] };
    }
    case "equipment.alarm.cleared": {
      const d = dataOf<"equipment.alarm.cleared">(e);
      const row: AlarmRow = [
        d.alarmId,
        d.equipmentId,
        n,
        d.kind,
        n,
        n,
        d.peak,
        n,
        n,
        n,
        n,
        n,
        ms(d.clearedAt),
        n,
        n,
        n,
      ];
      return { row, touch: [d.equipmentId, n, d.temperature, at] };
    }
    default: {
      const d = dataOf<"equipment.alarm.closed">(e);
      const row: AlarmRow = [
        d.alarmId,
        d.equipmentId,
        n,
        n,
        n,
        n,
        n,
        n,
        n,
        n,
        n,
        n,
        n,
        ms(d.closedAt),
        d.closedBy,
        d.correctiveAction,
      ];
      return { row, touch: [d.equipmentId, n, n, 0] };
    }
  }
}

const ALARM_COLUMNS = [
  "alarm_id",
  "equipment_id",
  "equipment_name",
  "kind",
  "temperature",
  "limit_value",
  "peak",
  "raised_at",
  "acknowledged_at",
  "acknowledged_by",
  "note",
  "escalated_at",
  "cleared_at",
  "closed_at",
  "closed_by",
  "corrective_action",
];

const [ACKNOWLEDGED, CLEARED, CLOSED] = ["acknowledged_at", "cleared_at", "closed_at"].map((c) =>
  ALARM_COLUMNS.indexOf(c),
) as [number, number, number];

/**
 * Fills each step's columns (a column already known is kept unless this step brings a value for it), then
 * derives the status from the steps known so far (closed > cleared > acknowledged > raised).
 */
function upsertAlarms(db: LedgerDb, rows: readonly AlarmRow[]): void {
  const cols = sql.raw(ALARM_COLUMNS.join(", "));
  const values = sql.join(
    ALARM_COLUMNS.map((_, i) => field(i)),
    sql`, `,
  );
  const keep = sql.raw(
    ALARM_COLUMNS.slice(1)
      .map((c) =>
        c === "equipment_id" ? `${c} = excluded.${c}` : `${c} = coalesce(excluded.${c}, alarms.${c})`,
      )
      .join(", "),
  );
  const known = (c: string) => `coalesce(excluded.${c}, alarms.${c}) IS NOT NULL`;
  runRows(
    db,
    rows,
    (json) => sql`INSERT INTO alarms (${cols}, status)
      SELECT ${values}, CASE WHEN ${field(CLOSED)} IS NOT NULL THEN 'CLOSED' WHEN ${field(CLEARED)} IS NOT NULL THEN 'CLEARED'
        WHEN ${field(ACKNOWLEDGED)} IS NOT NULL THEN 'ACKNOWLEDGED' ELSE 'RAISED' END
      ${fromRows(json)}
      ON CONFLICT (alarm_id) DO UPDATE SET ${keep},
        status = CASE WHEN ${sql.raw(known("closed_at"))} THEN 'CLOSED' WHEN ${sql.raw(known("cleared_at"))} THEN 'CLEARED'
          WHEN ${sql.raw(known("acknowledged_at"))} THEN 'ACKNOWLEDGED' ELSE 'RAISED' END`,
  );
  markChanged(
    db,
    "alarm",
    rows.map((r) => r[0]),
  );
}
