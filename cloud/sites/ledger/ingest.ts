/** Storing a hub's sync batch in its site's ledger: dedupe, project, queue for the bus, advance the lane's cursor. */
import { and, asc, eq, gt, lte } from "drizzle-orm";
import type { SyncAck, SyncLane } from "../../../shared/sync/index.ts";
import { finishProjections, project } from "./projections.ts";
import { events, hubCursors, outbox, seqSlots } from "./schema.ts";
import type { LedgerDb, SyncEvent } from "./types.ts";

/**
 * Stores the events in one transaction. Each seq fills its slot in the hub's lane once; an event is stored,
 * projected and put in the outbox for the bus only the first time its id is seen. A seq already filled (a
 * redelivery) or an id already held (one event sent under two seqs) changes nothing but still counts for
 * the cursor. The answer's ackedSeq covers only the contiguous run 1..n of the lane.
 */
export function ingestEvents(
  db: LedgerDb,
  input: { hubId: string; lane?: SyncLane; events: readonly SyncEvent[]; now: number },
): SyncAck {
  const lane = input.lane ?? "priority";
  return db.transaction((tx) => {
    const cursor = cursorOf(tx, input.hubId, lane);
    let stored = 0;
    let duplicates = 0;
    const unknownTypes = new Set<string>();
    for (const event of [...input.events].sort((a, b) => a.seq - b.seq)) {
      const slot =
        event.seq <= cursor
          ? []
          : tx
              .insert(seqSlots)
              .values({ hubId: input.hubId, lane, seq: event.seq, eventId: event.id })
              .onConflictDoNothing()
              .returning({ seq: seqSlots.seq })
              .all();
      if (slot.length === 0) {
        duplicates++;
        continue;
      }
      const envelope = JSON.stringify(event);
      const inserted = tx
        .insert(events)
        .values({
          id: event.id,
          hubId: input.hubId,
          lane,
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
      // Kept in the log for a later build that knows it; nothing projects or consumes it yet.
      if (event.unknownType) {
        unknownTypes.add(`${event.type}@${event.version}`);
        continue;
      }
      tx.insert(outbox).values({ eventId: event.id, envelope, createdAt: input.now }).run();
      project(tx, event, input.now);
    }
    finishProjections(tx);
    const ackedSeq = advanceCursor(tx, input.hubId, lane, cursor);
    return {
      ackedSeq,
      stored,
      duplicates,
      ...(unknownTypes.size > 0 ? { unknownTypes: [...unknownTypes] } : {}),
    };
  });
}

const CURSOR_PAGE = 500;

function cursorOf(db: LedgerDb, hubId: string, lane: SyncLane): number {
  return (
    db
      .select()
      .from(hubCursors)
      .where(and(eq(hubCursors.hubId, hubId), eq(hubCursors.lane, lane)))
      .get()?.ackedSeq ?? 0
  );
}

/** Moves the cursor over the contiguous filled slots above it, then prunes the slots it passed. */
function advanceCursor(db: LedgerDb, hubId: string, lane: SyncLane, from: number): number {
  const ofLane = and(eq(seqSlots.hubId, hubId), eq(seqSlots.lane, lane));
  let acked = from;
  for (;;) {
    const page = db
      .select({ seq: seqSlots.seq })
      .from(seqSlots)
      .where(and(ofLane, gt(seqSlots.seq, acked)))
      .orderBy(asc(seqSlots.seq))
      .limit(CURSOR_PAGE)
      .all();
    const before = acked;
    for (const { seq } of page) {
      if (seq !== acked + 1) break;
      acked = seq;
    }
    if (page.length < CURSOR_PAGE || acked - before < page.length) break;
  }
  if (acked === from) return acked;
  db.delete(seqSlots)
    .where(and(ofLane, lte(seqSlots.seq, acked)))
    .run();
  db.insert(hubCursors)
    .values({ hubId, lane, ackedSeq: acked })
    .onConflictDoUpdate({ target: [hubCursors.hubId, hubCursors.lane], set: { ackedSeq: acked } })
    .run();
  return acked;
}

/** The hub's current cursor in a lane, without storing anything. */
export function ackedSeqOf(db: LedgerDb, hubId: string, lane: SyncLane = "priority"): number {
  return cursorOf(db, hubId, lane);
}
