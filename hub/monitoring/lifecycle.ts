/** The alarm lifecycle after raising: acknowledge (named person), escalate (once), close (corrective action). */
import { and, eq, inArray, isNull, lte, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { ACKNOWLEDGEABLE_ALARM_STATUSES, isTemperatureAlarm } from "../../shared/alarms/index.ts";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { buildEvent, type EventData, type EventEnvelope, type EventType } from "../../shared/events/index.ts";
import { alarms, equipmentHistory, type HubDb, outbox } from "../db/index.ts";
import type { RuleConfig } from "./rules/index.ts";
import { iso } from "./time.ts";

export interface LifecycleContext {
  db: HubDb;
  clock: Clock;
  source: () => EventEnvelope["source"];
}

/**
 * The event and history rows, inserted only while `guard` still holds. They run before the
 * guarded UPDATE in the same transaction, so a racing clear or acknowledgement can never
 * leave an event for a change that did not happen.
 */
function guardedEmit<T extends EventType>(
  db: HubDb,
  source: EventEnvelope["source"],
  now: number,
  equipmentId: string,
  type: T,
  data: EventData<T>,
  guard: SQL,
): BatchItem<"sqlite">[] {
  const envelope = buildEvent({ type, data, occurredAt: now, source });
  return [
    db.run(
      sql`INSERT INTO ${outbox} (event_id, type, envelope, created_at)
          SELECT ${envelope.id}, ${type}, ${JSON.stringify(envelope)}, ${now} WHERE EXISTS (${guard})`,
    ),
    db.run(
      sql`INSERT INTO ${equipmentHistory} (equipment_id, event_type, data, occurred_at)
          SELECT ${equipmentId}, ${type}, ${JSON.stringify(data)}, ${now} WHERE EXISTS (${guard})`,
    ),
  ];
}

async function findAlarm(db: HubDb, id: string) {
  const [alarm] = await db.select().from(alarms).where(eq(alarms.id, id));
  if (!alarm) throw new AppError("NOT_FOUND", `alarm ${id} not found`);
  return alarm;
}

async function runGuarded(db: HubDb, items: BatchItem<"sqlite">[]): Promise<boolean> {
  const results = (await db.batch(items as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])) as unknown[];
  return ((results.at(-1) as { rowsAffected?: number })?.rowsAffected ?? 0) > 0;
}

/** Acknowledges a raised (or already cleared) alarm in the name of `by`; once only. */
export async function acknowledgeAlarm(
  ctx: LifecycleContext,
  input: { alarmId: string; by: string; note?: string },
) {
  const { db } = ctx;
  const alarm = await findAlarm(db, input.alarmId);
  const now = ctx.clock.now();
  const guard = sql`SELECT 1 FROM ${alarms} WHERE id = ${alarm.id} AND acknowledged_at IS NULL AND status IN ('RAISED', 'CLEARED')`;
  const ok = await runGuarded(db, [
    ...guardedEmit(
      db,
      ctx.source(),
      now,
      alarm.equipmentId,
      "equipment.alarm.acknowledged",
      {
        alarmId: alarm.id,
        equipmentId: alarm.equipmentId,
        acknowledgedBy: input.by,
        note: input.note ?? null,
        acknowledgedAt: iso(now),
      },
      guard,
    ),
    db
      .update(alarms)
      .set({
        status: sql`CASE WHEN ${alarms.status} = 'RAISED' THEN 'ACKNOWLEDGED' ELSE ${alarms.status} END`,
        acknowledgedAt: now,
        acknowledgedBy: input.by,
        acknowledgementNote: input.note ?? null,
      })
      .where(
        and(
          eq(alarms.id, alarm.id),
          isNull(alarms.acknowledgedAt),
          inArray(alarms.status, [...ACKNOWLEDGEABLE_ALARM_STATUSES]),
        ),
      ),
  ]);
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
  const guard = sql`SELECT 1 FROM ${alarms} WHERE id = ${alarm.id} AND status = 'CLEARED'`;
  const ok = await runGuarded(db, [
    ...guardedEmit(
      db,
      ctx.source(),
      now,
      alarm.equipmentId,
      "equipment.alarm.closed",
      {
        alarmId: alarm.id,
        equipmentId: alarm.equipmentId,
        closedBy: input.by,
        correctiveAction: input.correctiveAction ?? null,
        closedAt: iso(now),
      },
      guard,
    ),
    db
      .update(alarms)
      .set({
        status: "CLOSED",
        closedAt: now,
        closedBy: input.by,
        correctiveAction: input.correctiveAction ?? null,
      })
      .where(and(eq(alarms.id, alarm.id), eq(alarms.status, "CLEARED"))),
  ]);
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
    const guard = sql`SELECT 1 FROM ${alarms} WHERE id = ${alarm.id} AND status = 'RAISED' AND escalated_at IS NULL`;
    out.push(
      ...guardedEmit(
        db,
        source,
        now,
        alarm.equipmentId,
        "equipment.alarm.escalated",
        {
          alarmId: alarm.id,
          equipmentId: alarm.equipmentId,
          equipmentName: eqp.name,
          kind: alarm.kind,
          raisedAt: iso(alarm.raisedAt),
          escalatedAt: iso(now),
        },
        guard,
      ),
      db
        .update(alarms)
        .set({ escalatedAt: now })
        .where(and(eq(alarms.id, alarm.id), eq(alarms.status, "RAISED"), isNull(alarms.escalatedAt))),
    );
  }
  return out;
}
