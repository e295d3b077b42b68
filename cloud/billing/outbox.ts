/** Billing's event outbox: events are written in the batch that causes them, then published to the bus. */
import { asc, inArray, isNull } from "drizzle-orm";
import type { EventEnvelope } from "../../shared/events/index.ts";
import type { EventBus } from "../bus/index.ts";
import { type BillingDb, schema } from "./db.ts";

export function outboxInsert(db: BillingDb, event: EventEnvelope, now: number) {
  return db.insert(schema.outbox).values({ id: event.id, event: JSON.stringify(event), createdAt: now });
}

/**
 * Publishes what is waiting, oldest first. A failure leaves the rows for the next flush (every webhook
 * and the hourly cron flush), so an event is published at least once; consumers are idempotent by event id.
 */
export async function flushOutbox(deps: {
  db: BillingDb;
  bus: EventBus;
  clock: { now(): number };
}): Promise<number> {
  const waiting = await deps.db
    .select()
    .from(schema.outbox)
    .where(isNull(schema.outbox.publishedAt))
    .orderBy(asc(schema.outbox.createdAt))
    .limit(100);
  if (waiting.length === 0) return 0;
  await deps.bus.publish(waiting.map((row) => JSON.parse(row.event) as EventEnvelope));
  await deps.db
    .update(schema.outbox)
    .set({ publishedAt: deps.clock.now() })
    .where(
      inArray(
        schema.outbox.id,
        waiting.map((r) => r.id),
      ),
    );
  return waiting.length;
}
