/** The one way monitoring records an event: its outbox row and the equipment's history row, in the caller's batch. */
import { type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { buildEvent, type EventData, type EventEnvelope, type EventType } from "../../shared/events/index.ts";
import { equipmentHistory, type HubDb } from "../db/index.ts";
import { type EventWrite, eventStatement } from "../outbox/index.ts";

export interface EmitContext {
  db: HubDb;
  /** When the rows are written (the outbox row's `created_at`). */
  now: number;
  source: EventEnvelope["source"];
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
  const e = equipmentEvent(ctx, equipmentId, type, at, data, opts);
  return [eventStatement(ctx.db, e.event, e.now, e.guard), ...(e.alongside ?? [])];
}
