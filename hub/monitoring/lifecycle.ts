/** The alarm lifecycle after raising: acknowledge (named person), escalate (once), close (corrective action). */
import { and, eq, inArray, isNull, lte, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { ACKNOWLEDGEABLE_ALARM_STATUSES, isTemperatureAlarm } from "../../shared/alarms/index.ts";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import { alarms, type HubDb } from "../db/index.ts";
import { writeWithEvent } from "../outbox/index.ts";
import { emit, equipmentEvent } from "./emit.ts";
import type { RuleConfig } from "./rules/index.ts";
import { iso } from "./time.ts";

export interface LifecycleContext {
  db: HubDb;
  clock: Clock;
  source: () => EventEnvelope["source"];
}

async function findAlarm(db: HubDb, id: string) {
  const [alarm] = await db.select().from(alarms).where(eq(alarms.id, id));
  if (!alarm) throw new AppError("NOT_FOUND", `alarm ${id} not found`);
  return alarm;
}

/** A guard for `emit`: the alarm row still meets `condition`, the same condition its UPDATE then takes. */
const stillHolds = (condition: SQL | undefined) => sql`SELECT 1 FROM ${alarms} WHERE ${condition}`;

/** Acknowledges a raised (or already cleared) alarm in the name of `by`; once only. */
export async function acknowledgeAlarm(
  ctx: LifecycleContext,
  input: { alarmId: string; by: string; note?: string },
) {
  const { db } = ctx;
  const alarm = await findAlarm(db, input.alarmId);
  const now = ctx.clock.now();
  const acknowledgeable = and(
    eq(alarms.id, alarm.id),
    isNull(alarms.acknowledgedAt),
    inArray(alarms.status, [...ACKNOWLEDGEABLE_ALARM_STATUSES]),
  );
  const ok = await writeWithEvent(db, {
    ...equipmentEvent(
      { db, now, source: ctx.source() },
      alarm.equipmentId,
      "equipment.alarm.acknowledged",
      now,
      {
        alarmId: alarm.id,
        equipmentId: alarm.equipmentId,
        acknowledgedBy: input.by,
        note: input.note ?? null,
        acknowledgedAt: iso(now),
      },
      { guard: stillHolds(acknowledgeable) },
    ),
    change: [
      db
        .update(alarms)
        .set({
          status: sql`CASE WHEN ${alarms.status} = 'RAISED' THEN 'ACKNOWLEDGED' ELSE ${alarms.status} END`,
          acknowledgedAt: now,
          acknowledgedBy: input.by,
          acknowledgementNote: input.note ?? null,
        })
        .where(acknowledgeable),
    ],
  });
  if (!ok) {
    const current = await findAlarm(db, alarm.id);
    throw new AppError(
      "CONFLICT",
      `alarm is ${current.status}${current.acknowledgedBy ? `, acknowledged by ${current.acknowledgedBy}` : ""}`,
      {
        status: current.status,
      },
    );
  }
  return findAlarm(db, alarm.id);
}

/** Closes a cleared alarm; a food-safety (temperature) excursion needs the corrective action taken. */
export async function closeAlarm(
  ctx: LifecycleContext,
  input: { alarmId: string; by: string; correctiveAction?: string },
) {
  const { db } = ctx;
  const alarm = await findAlarm(db, input.alarmId);
  if (isTemperatureAlarm(alarm.kind) && !input.correctiveAction?.trim()) {
    throw new AppError(
      "VALIDATION_ERROR",
      "a temperature excursion is closed with the corrective action taken",
    );
  }
  const now = ctx.clock.now();
  const closable = and(eq(alarms.id, alarm.id), eq(alarms.status, "CLEARED"));
  const ok = await writeWithEvent(db, {
    ...equipmentEvent(
      { db, now, source: ctx.source() },
      alarm.equipmentId,
      "equipment.alarm.closed",
      now,
      {
        alarmId: alarm.id,
        equipmentId: alarm.equipmentId,
        closedBy: input.by,
        correctiveAction: input.correctiveAction ?? null,
        closedAt: iso(now),
      },
      { guard: stillHolds(closable) },
    ),
    change: [
      db
        .update(alarms)
        .set({
          status: "CLOSED",
          closedAt: now,
          closedBy: input.by,
          correctiveAction: input.correctiveAction ?? null,
        })
        .where(closable),
    ],
  });
  if (!ok) {
    const current = await findAlarm(db, alarm.id);
    throw new AppError("CONFLICT", `only a cleared alarm can be closed; this one is ${current.status}`, {
      status: current.status,
    });
  }
  return findAlarm(db, alarm.id);
}

/** Statements escalating every alarm still RAISED (nobody acknowledged it) past its equipment's limit; once each. */
export async function escalations(
  db: HubDb,
  watched: { id: string; name: string; rules: RuleConfig }[],
  now: number,
  source: EventEnvelope["source"],
): Promise<BatchItem<"sqlite">[]> {
  const soonest = Math.min(...watched.map((w) => w.rules.escalateAfterMs));
  if (!Number.isFinite(soonest)) return [];
  const due = await db
    .select()
    .from(alarms)
    .where(and(eq(alarms.status, "RAISED"), isNull(alarms.escalatedAt), lte(alarms.raisedAt, now - soonest)));
  const out: BatchItem<"sqlite">[] = [];
  for (const alarm of due) {
    const eqp = watched.find((w) => w.id === alarm.equipmentId);
    if (!eqp || now - alarm.raisedAt < eqp.rules.escalateAfterMs) continue;
    const escalatable = and(eq(alarms.id, alarm.id), eq(alarms.status, "RAISED"), isNull(alarms.escalatedAt));
    out.push(
      ...emit(
        { db, now, source },
        alarm.equipmentId,
        "equipment.alarm.escalated",
        now,
        {
          alarmId: alarm.id,
          equipmentId: alarm.equipmentId,
          equipmentName: eqp.name,
          kind: alarm.kind,
          raisedAt: iso(alarm.raisedAt),
          escalatedAt: iso(now),
        },
        { guard: stillHolds(escalatable) },
      ),
      db.update(alarms).set({ escalatedAt: now }).where(escalatable),
    );
  }
  return out;
}
