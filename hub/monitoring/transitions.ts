/** Turns engine transitions into rows: the alarm, its event in the outbox and the equipment's history. */
import { and, eq, inArray } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { OPEN_ALARM_STATUSES } from "../../shared/alarms/index.ts";
import { buildEvent, type EventData, type EventEnvelope, type EventType } from "../../shared/events/index.ts";
import { alarms, equipmentHistory, type HubDb } from "../db/index.ts";
import { appendEvent } from "../outbox/index.ts";
import type { Transition } from "./rules/index.ts";
import { iso } from "./time.ts";

export interface EmitContext {
  db: HubDb;
  now: number;
  source: EventEnvelope["source"];
}

/** The outbox row and the history row that record one monitoring event. */
export function emit<T extends EventType>(
  ctx: EmitContext,
  equipmentId: string,
  type: T,
  at: number,
  data: EventData<T>,
): BatchItem<"sqlite">[] {
  const envelope = buildEvent({ type, data, occurredAt: at, source: ctx.source });
  return [
    appendEvent(ctx.db, envelope, ctx.now),
    ctx.db.insert(equipmentHistory).values({ equipmentId, eventType: type, data, occurredAt: at }),
  ];
}

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
