/** The outbox: events are appended in the same batch as the change they record, then synced in seq order. */
import { and, asc, count, eq, isNull, lte } from "drizzle-orm";
import type { EventEnvelope } from "../../shared/events/index.ts";
import { type HubDb, outbox } from "../db/index.ts";

export interface OutboxRow {
  seq: number;
  envelope: EventEnvelope;
}

/** The insert statement for one event; run it inside the caller's batch. */
export function appendEvent(db: HubDb, envelope: EventEnvelope, nowMs: number) {
  return db.insert(outbox).values({ eventId: envelope.id, type: envelope.type, envelope, createdAt: nowMs });
}

/** Unsent events in seq order. */
export async function pendingEvents(db: HubDb, limit: number): Promise<OutboxRow[]> {
  const rows = await db
    .select({ seq: outbox.seq, envelope: outbox.envelope })
    .from(outbox)
    .where(isNull(outbox.sentAt))
    .orderBy(asc(outbox.seq))
    .limit(limit);
  return rows.map((r) => ({ seq: r.seq, envelope: r.envelope as EventEnvelope }));
}

/** Marks every unsent event up to and including `seq` as delivered. */
export async function markSent(db: HubDb, uptoSeq: number, nowMs: number): Promise<void> {
  await db
    .update(outbox)
    .set({ sentAt: nowMs })
    .where(and(lte(outbox.seq, uptoSeq), isNull(outbox.sentAt)));
}

export async function outboxDepth(db: HubDb): Promise<number> {
  const [row] = await db.select({ n: count() }).from(outbox).where(isNull(outbox.sentAt));
  return row?.n ?? 0;
}

export async function eventsOfType(db: HubDb, type: string): Promise<OutboxRow[]> {
  const rows = await db
    .select({ seq: outbox.seq, envelope: outbox.envelope })
    .from(outbox)
    .where(eq(outbox.type, type))
    .orderBy(asc(outbox.seq));
  return rows.map((r) => ({ seq: r.seq, envelope: r.envelope as EventEnvelope }));
}
