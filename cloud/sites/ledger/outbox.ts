/** The ledger's outbox: events stored but not yet accepted by the bus. Nothing acknowledged is ever lost. */
import { asc, count, inArray } from "drizzle-orm";
import type { EventEnvelope } from "../../../shared/events/index.ts";
import type { EventBus } from "../../bus/index.ts";
import { outbox } from "./schema.ts";
import type { LedgerDb } from "./types.ts";

// Durable Object SQLite binds at most 100 parameters per statement (the delete binds one per row).
const FLUSH_PAGE = 90;

/**
 * Publishes outbox rows page by page, deleting each page only after the bus accepted it. A bus failure
 * rejects with the unsent rows still in place, for the caller to retry later (at-least-once: a page
 * that was sent but not deleted is sent again, and consumers are idempotent).
 */
export async function flushOutbox(db: LedgerDb, bus: EventBus): Promise<{ sent: number }> {
  let sent = 0;
  for (;;) {
    const rows = db
      .select()
      .from(outbox)
      .orderBy(asc(outbox.createdAt), asc(outbox.eventId))
      .limit(FLUSH_PAGE)
      .all();
    if (rows.length === 0) return { sent };
    await bus.publish(rows.map((r) => JSON.parse(r.envelope) as EventEnvelope));
    db.delete(outbox)
      .where(
        inArray(
          outbox.eventId,
          rows.map((r) => r.eventId),
        ),
      )
      .run();
    sent += rows.length;
  }
}

export function outboxSize(db: LedgerDb): number {
  return db.select({ n: count() }).from(outbox).get()?.n ?? 0;
}
