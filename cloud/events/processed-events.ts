/**
 * Idempotent consumption (design: Events): a consumer records the event id in its own module's
 * `processed_events` table in the same batch as its effect, through `consumeOnce`.
 */
import { and, eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { EventEnvelope } from "../../shared/events/index.ts";
import { batch, type CloudDb } from "../db/index.ts";

/** The table every consuming module declares in its schema (`export const processedEvents = processedEventsTable();`). */
export function processedEventsTable() {
  return sqliteTable(
    "processed_events",
    {
      eventId: text("event_id").notNull(),
      consumer: text("consumer").notNull(),
      processedAt: integer("processed_at").notNull(),
    },
    (t) => [primaryKey({ columns: [t.eventId, t.consumer] })],
  );
}

export type ProcessedEventsTable = ReturnType<typeof processedEventsTable>;

/**
 * Applies `effect` once per (event, consumer). The statements it returns run in one batch with the
 * processed_events row, so a redelivered event is skipped and a racing duplicate fails its batch whole (and is
 * retried, then skipped). Answers false when the event had already been applied.
 */
export async function consumeOnce(
  // biome-ignore lint/suspicious/noExplicitAny: any module's database
  deps: { db: CloudDb<any>; table: ProcessedEventsTable; clock: { now(): number } },
  consumer: string,
  event: EventEnvelope,
  effect: () => Promise<readonly BatchItem<"sqlite">[]>,
): Promise<boolean> {
  const { db, table } = deps;
  const done = await db
    .select({ eventId: table.eventId })
    .from(table)
    .where(and(eq(table.eventId, event.id), eq(table.consumer, consumer)))
    .get();
  if (done) return false;
  const statements = await effect();
  const record = db.insert(table).values({ eventId: event.id, consumer, processedAt: deps.clock.now() });
  await batch(db, [record, ...statements]);
  return true;
}
