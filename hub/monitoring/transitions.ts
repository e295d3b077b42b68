/** Turns engine transitions into rows: the alarm, its event in the outbox and the equipment's history. */
import { and, eq, inArray } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { OPEN_ALARM_STATUSES } from "../../shared/alarms/index.ts";
import { alarms } from "../db/index.ts";
import { type EmitContext, emit } from "./emit.ts";
import type { Transition } from "./rules/index.ts";
import { iso } from "./time.ts";

export function transitionStatements(
  ctx: EmitContext,
  eqp: { id: string; name: string },
  transitions: readonly Transition[],
): BatchItem<"sqlite">[] {
  const { db } = ctx;
  const out: BatchItem<"sqlite">[] = [];
  for (const t of transitions) {
    if (t.type === "peak") {
      out.push(db.update(alarms).set({ peakTemperature: t.value }).where(eq(alarms.id, t.alarmId)));
    } else if (t.type === "raise") {
      out.push(
        db.insert(alarms).values({
          id: t.alarmId,
          equipmentId: eqp.id,
          kind: t.kind,
          status: "RAISED",
          limit: t.limit,
          triggerTemperature: t.value,
          peakTemperature: t.value,
          raisedAt: t.at,
        }),
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
        db
          .update(alarms)
          .set({ status: "CLEARED", clearedAt: t.at })
          .where(and(eq(alarms.id, t.alarmId), inArray(alarms.status, [...OPEN_ALARM_STATUSES]))),
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
