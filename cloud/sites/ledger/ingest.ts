/** Storing a hub's sync batch in its site's ledger: dedupe, project, queue for the bus, advance the lane's cursor. */
import { and, asc, eq, gt, lte, sql } from "drizzle-orm";
import type { SyncAck, SyncLane } from "../../../shared/sync/index.ts";
import { field, fromRows, returningRows, runRows } from "./json-rows.ts";
import { projectEvents } from "./projections.ts";
import { hubCursors, seqSlots } from "./schema.ts";
import type { LedgerDb, SyncEvent } from "./types.ts";

/**
 * Stores the events in one transaction. Each seq fills its slot in the hub's lane once; an event is stored,
 * projected and put in the outbox for the bus only the first time its id is seen. A seq already filled (a
 * redelivery) or an id already held (one event sent under two seqs) changes nothing but still counts for
 * the cursor. The answer's ackedSeq covers only the contiguous run 1..n of the lane.
 * The whole batch is a handful of statements: each step takes every event's row at once (json_each).
 */
export function ingestEvents(
  db: LedgerDb,
  input: { hubId: string; lane?: SyncLane; events: readonly SyncEvent[]; now: number },
): SyncAck {
  const lane = input.lane ?? "priority";
  const { hubId, now } = input;
  return db.transaction((tx) => {
    const cursor = cursorOf(tx, hubId, lane);
    const sorted = [...input.events].sort((a, b) => a.seq - b.seq);
    const fresh = sorted.filter((e) => e.seq > cursor);
    const filled = new Set(
      returningRows<{ seq: number }>(
        tx,
        fresh.map((e) => [e.seq, e.id]),
        (json) => sql`INSERT INTO hub_seq_slots (hub_id, lane, seq, event_id)
          SELECT ${hubId}, ${lane}, ${field(0)}, ${field(1)} ${fromRows(json)}
          ON CONFLICT DO NOTHING RETURNING seq`,
      ).map((r) => r.seq),
    );
    const slotted = fresh
      .filter((e) => filled.has(e.seq))
      .map((event) => ({ event, envelope: JSON.stringify(event) }));
    const inserted = new Set(
      returningRows<{ id: string }>(
        tx,
        slotted.map(({ event, envelope }) => [
          event.id,
          event.seq,
          event.type,
          Date.parse(event.occurredAt),
          envelope,
        ]),
        (json) => sql`INSERT INTO events (id, hub_id, lane, seq, type, occurred_at, envelope, received_at)
          SELECT ${field(0)}, ${hubId}, ${lane}, ${field(1)}, ${field(2)}, ${field(3)}, ${field(4)}, ${now} ${fromRows(json)}
          ON CONFLICT DO NOTHING RETURNING id`,
      ).map((r) => r.id),
    );
    // One id under two seqs of this batch: the first (lowest seq) is the one stored.
    const stored = slotted.filter(({ event }) => inserted.delete(event.id));
    const known = stored.filter(({ event }) => !event.unknownType);
    const unknownTypes = new Set(
      stored.filter(({ event }) => event.unknownType).map(({ event }) => `${event.type}@${event.version}`),
    );
    // Unknown types are kept in the log for a later build that knows them; nothing projects or consumes them yet.
    runRows(
      tx,
      known.map(({ event, envelope }) => [event.id, envelope]),
      (json) => sql`INSERT INTO outbox (event_id, envelope, created_at)
        SELECT ${field(0)}, ${field(1)}, ${now} ${fromRows(json)}`,
    );
    projectEvents(
      tx,
      known.map(({ event }) => event),
      now,
    );
    const ackedSeq = advanceCursor(tx, hubId, lane, cursor);
    return {
      ackedSeq,
      stored: stored.length,
      duplicates: sorted.length - stored.length,
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
