/** The one way monitoring records an event: its outbox row and the equipment's history row, in the caller's batch. */
import { type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { buildEvent, type EventData, type EventEnvelope, type EventType } from "../../shared/events/index.ts";
import { bulkInsert, equipmentHistory, type HubDb, outbox } from "../db/index.ts";
import { type EventWrite, eventStatement } from "../outbox/index.ts";

export interface EmitContext {
  db: HubDb;
  /** When the rows are written (the outbox row's `created_at`). */
  now: number;
  source: EventEnvelope["source"];
  /**
   * The recorder's unit of work (always written by `db.batch` or the writer connection, never in a
   * transaction): unguarded rows go here and out as one multi-row insert per table. An alarm burst (a power
   * cut warms every fridge at once) built two drizzle inserts an event, which cost more than the rest of the
   * batch together (`OUTPOST_PROFILE_INGEST`).
   */
  rows?: EmittedRows;
}

export interface EmittedRows {
  outbox: (typeof outbox.$inferInsert)[];
  history: (typeof equipmentHistory.$inferInsert)[];
}

/** The inserts of everything collected in `rows`, for the end of the caller's batch. */
export function emittedStatements(rows: EmittedRows): BatchItem<"sqlite">[] {
  return [...bulkInsert(outbox, rows.outbox), ...bulkInsert(equipmentHistory, rows.history)];
}

export interface EmitOptions {
  /**
   * A SELECT that must still find a row for either row to be written. Put the statements before the guarded
   * UPDATE in the same transaction: a racing change can then never leave an event for a change that did not happen.
   */
  guard?: SQL;
  /** What the history row keeps when it is not the event's data. */
  history?: unknown;
}

/** One equipment event and its history row, ready for `writeWithEvent` (add the change it records). */
export function equipmentEvent<T extends EventType>(
  ctx: EmitContext,
  equipmentId: string,
  type: T,
  at: number,
  data: EventData<T>,
  opts: EmitOptions = {},
): Omit<EventWrite, "change"> {
  const { db, now } = ctx;
  const event = buildEvent({ type, data, occurredAt: at, source: ctx.source });
  const history = "history" in opts ? opts.history : data;
  const row = opts.guard
    ? db.run(
        sql`INSERT INTO ${equipmentHistory} (equipment_id, event_type, data, occurred_at)
          SELECT ${equipmentId}, ${type}, ${JSON.stringify(history)}, ${at} WHERE EXISTS (${opts.guard})`,
      )
    : // drizzle's insert, not a raw statement: emit also writes inside remote actions' transactions.
      db.insert(equipmentHistory).values({ equipmentId, eventType: type, data: history, occurredAt: at });
  return { event, now, guard: opts.guard, alongside: [row] };
}

/** The statements that record one event of `equipmentId` that occurred at `at`; run them in the caller's batch. */
export function emit<T extends EventType>(
  ctx: EmitContext,
  equipmentId: string,
  type: T,
  at: number,
  data: EventData<T>,
  opts: EmitOptions = {},
): BatchItem<"sqlite">[] {
  if (ctx.rows && !opts.guard) {
    const event = buildEvent({ type, data, occurredAt: at, source: ctx.source });
    ctx.rows.outbox.push({ eventId: event.id, type, envelope: event, createdAt: ctx.now });
    const history = "history" in opts ? opts.history : data;
    ctx.rows.history.push({ equipmentId, eventType: type, data: history, occurredAt: at });
    return [];
  }
  const e = equipmentEvent(ctx, equipmentId, type, at, data, opts);
  return [eventStatement(ctx.db, e.event, e.now, e.guard), ...(e.alongside ?? [])];
}
