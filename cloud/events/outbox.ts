/** A module's event outbox: events are written in the batch that causes them, then published to the bus. */
import { asc, inArray, isNull } from "drizzle-orm";
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { Clock } from "../../shared/clock/index.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import type { EventBus } from "../bus/index.ts";
import { type CloudDb, D1_MAX_PARAMETERS } from "../db/index.ts";

/** The outbox table of one module, `<module>_outbox` in the module's own database. */
export function outboxTable(name: string) {
  return sqliteTable(
    name,
    {
      id: text("id").primaryKey(),
      event: text("event").notNull(),
      createdAt: integer("created_at").notNull(),
      publishedAt: integer("published_at"),
    },
    (t) => [index(`${name}_pending_idx`).on(t.publishedAt, t.createdAt)],
  );
}

export type OutboxTable = ReturnType<typeof outboxTable>;

/** The statement that records `event` in the outbox; put it in the same batch as the change it records. */
// biome-ignore lint/suspicious/noExplicitAny: any module's database
export function outboxInsert(db: CloudDb<any>, table: OutboxTable, event: EventEnvelope, now: number) {
  return db.insert(table).values({ id: event.id, event: JSON.stringify(event), createdAt: now });
}

const FLUSH_ROWS = 100;
// The update binds the publication time and one parameter per id.
const IDS_PER_UPDATE = D1_MAX_PARAMETERS - 1;

/**
 * Publishes what is waiting, oldest first. A failure leaves the rows for the next flush (after the next
 * write and on every cron), so an event is published at least once; consumers are idempotent by event id.
 */
export async function flushOutbox(deps: {
  // biome-ignore lint/suspicious/noExplicitAny: any module's database
  db: CloudDb<any>;
  table: OutboxTable;
  bus: EventBus;
  clock: Clock;
}): Promise<number> {
  const { db, table } = deps;
  const waiting = await db
    .select()
    .from(table)
    .where(isNull(table.publishedAt))
    .orderBy(asc(table.createdAt))
    .limit(FLUSH_ROWS);
  if (waiting.length === 0) return 0;
  await deps.bus.publish(waiting.map((row) => JSON.parse(row.event) as EventEnvelope));
  const publishedAt = deps.clock.now();
  for (let i = 0; i < waiting.length; i += IDS_PER_UPDATE) {
    const ids = waiting.slice(i, i + IDS_PER_UPDATE).map((r) => r.id);
    await db.update(table).set({ publishedAt }).where(inArray(table.id, ids));
  }
  return waiting.length;
}
