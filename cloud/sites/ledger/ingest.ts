/** Storing a hub's sync batch in its site's ledger: dedupe, project, queue for the bus, advance the cursor. */
import { and, asc, eq, gt } from "drizzle-orm";
import type { SyncAck } from "../../../shared/sync/index.ts";
import { project } from "./projections.ts";
import { events, hubCursors, outbox } from "./schema.ts";
import type { LedgerDb, SyncEvent } from "./types.ts";

/**
 * Stores the events in one transaction: an event already held (same id, or same hub and seq) counts as a
 * duplicate and changes nothing; a new one is stored, projected and put in the outbox for the bus.
 * The answer's ackedSeq covers only the contiguous run 1..n, so a gap holds it back until filled.
 */
export function ingestEvents(
  db: LedgerDb,
  input: { hubId: string; events: readonly SyncEvent[]; now: number },
): SyncAck {
  return db.transaction((tx) => {
    let stored = 0;
    let duplicates = 0;
    for (const event of [...input.events].sort((a, b) => a.seq - b.seq)) {
      const envelope = JSON.stringify(event);
      const inserted = tx
        .insert(events)
        .values({
          id: event.id,
          hubId: input.hubId,
          seq: event.seq,
          type: event.type,
          occurredAt: Date.parse(event.occurredAt),
          envelope,
          receivedAt: input.now,
        })
        .onConflictDoNothing()
        .returning({ id: events.id })
        .all();
      if (inserted.length === 0) {
        duplicates++;
        continue;
      }
      stored++;
      tx.insert(outbox).values({ eventId: event.id, envelope, createdAt: input.now }).run();
      project(tx, event, input.now);
    }
    return { ackedSeq: advanceCursor(tx, input.hubId), stored, duplicates };
  });
}

const CURSOR_PAGE = 500;

function advanceCursor(db: LedgerDb, hubId: string): number {
  let acked = db.select().from(hubCursors).where(eq(hubCursors.hubId, hubId)).get()?.ackedSeq ?? 0;
  for (;;) {
    const page = db
      .select({ seq: events.seq })
      .from(events)
      .where(and(eq(events.hubId, hubId), gt(events.seq, acked)))
      .orderBy(asc(events.seq))
      .limit(CURSOR_PAGE)
      .all();
    const before = acked;
    for (const { seq } of page) {
      if (seq !== acked + 1) break;
      acked = seq;
    }
    if (page.length < CURSOR_PAGE || acked - before < page.length) break;
  }
  db.insert(hubCursors)
    .values({ hubId, ackedSeq: acked })
    .onConflictDoUpdate({ target: hubCursors.hubId, set: { ackedSeq: acked } })
    .run();
  return acked;
}

/** The hub's current cursor, without storing anything. */
export function ackedSeqOf(db: LedgerDb, hubId: string): number {
  return db.select().from(hubCursors).where(eq(hubCursors.hubId, hubId)).get()?.ackedSeq ?? 0;
}
