/**
 * "Write this and its event": the one way a change and the outbox event that records it are written
 * together. Both go in one batch; with a guard (a SELECT that must still find a row, the same condition the
 * change's WHERE takes) a change that finds nothing to change leaves no event behind.
 */
import { type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { EventEnvelope } from "../../shared/events/index.ts";
import { type HubDb, outbox } from "../db/index.ts";

/** The insert of one event, for the caller's own batch; with `guard`, written only while it finds a row. */
export function eventStatement(
  db: HubDb,
  envelope: EventEnvelope,
  nowMs: number,
  guard?: SQL,
): BatchItem<"sqlite"> {
  if (!guard) {
    // drizzle's own insert, not bulkInsert's raw statement: a raw statement runs only inside db.batch, and this
    // one is also written inside a transaction (desired state), where a raw statement was silently dropped.
    return db
      .insert(outbox)
      .values({ eventId: envelope.id, type: envelope.type, envelope, createdAt: nowMs });
  }
  return db.run(
    sql`INSERT INTO ${outbox} (event_id, type, envelope, created_at)
        SELECT ${envelope.id}, ${envelope.type}, ${JSON.stringify(envelope)}, ${nowMs} WHERE EXISTS (${guard})`,
  );
}

export interface EventWrite {
  event: EventEnvelope;
  /** The outbox row's `created_at`. */
  now: number;
  /** A SELECT the event (and `alongside`) needs to find a row; the change's WHERE takes the same condition. */
  guard?: SQL;
  /** Rows that go with the event (a history line), guarded by the caller with the same guard. */
  alongside?: BatchItem<"sqlite">[];
  /** The change the event records; its last statement's affected rows say whether it happened. */
  change: BatchItem<"sqlite">[];
}

/** Writes the event, `alongside` and the change as one batch; true when the change changed a row. */
export async function writeWithEvent(db: HubDb, write: EventWrite): Promise<boolean> {
  const items = [
    eventStatement(db, write.event, write.now, write.guard),
    ...(write.alongside ?? []),
    ...write.change,
  ];
  const results = (await db.batch(items as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]])) as unknown[];
  if (write.change.length === 0) return true;
  return ((results.at(-1) as { rowsAffected?: number })?.rowsAffected ?? 0) > 0;
}
