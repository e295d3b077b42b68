/** Turns engine transitions into rows: the alarm, its event in the outbox and the equipment's history. */
import type { BatchItem } from "drizzle-orm/batch";
import { OPEN_ALARM_STATUSES } from "../../shared/alarms/index.ts";
import { alarms, bulkInsert, rawStatement } from "../db/index.ts";
import { type EmitContext, emit } from "./emit.ts";
import type { Transition } from "./rules/index.ts";
import { iso } from "./time.ts";

// Fixed SQL, prepared once by the writer connection: an alarm batch comes in bursts (a power cut warms every
// fridge at once), and drizzle's builder cost more per statement than SQLite's own work.
const PEAK_SQL = 'update "alarms" set "peak_temperature" = ? where "id" = ?';
const CLEAR_SQL = `update "alarms" set "status" = 'CLEARED', "cleared_at" = ? where "id" = ? and "status" in (${OPEN_ALARM_STATUSES.map((s) => `'${s}'`).join(", ")})`;

export function transitionStatements(
  ctx: EmitContext,
  eqp: { id: string; name: string },
  transitions: readonly Transition[],
): BatchItem<"sqlite">[] {
  const out: BatchItem<"sqlite">[] = [];
  for (const t of transitions) {
    if (t.type === "peak") {
      out.push(rawStatement(PEAK_SQL, [t.value, t.alarmId]));
    } else if (t.type === "raise") {
      out.push(
        ...bulkInsert(alarms, [
          {
            id: t.alarmId,
            equipmentId: eqp.id,
            kind: t.kind,
            status: "RAISED",
            limit: t.limit,
            triggerTemperature: t.value,
            peakTemperature: t.value,
            raisedAt: t.at,
          },
        ]),
        ...emit(ctx, eqp.id, "equipment.alarm.raised", t.at, {
          alarmId: t.alarmId,
          equipmentId: eqp.id,
          equipmentName: eqp.name,
          kind: t.kind,
          temperature: t.value,
          limit: t.limit,
          raisedAt: iso(t.at),
        }),
      );
    } else {
      out.push(
        rawStatement(CLEAR_SQL, [t.at, t.alarmId]),
        ...emit(ctx, eqp.id, "equipment.alarm.cleared", t.at, {
          alarmId: t.alarmId,
          equipmentId: eqp.id,
          kind: t.kind,
          temperature: t.value,
          peak: t.peak,
          clearedAt: iso(t.at),
        }),
      );
    }
  }
  return out;
}
