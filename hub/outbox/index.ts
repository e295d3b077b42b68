/** The outbox: events are appended in the same batch as the change they record, then synced per lane. */
import { and, asc, count, eq, isNull, lte } from "drizzle-orm";
import type { EventEnvelope } from "../../shared/events/index.ts";
import type { SyncLane } from "../../shared/sync/index.ts";
import { type HubDb, outbox } from "../db/index.ts";

export { laneBases, numberLanes } from "./lanes.ts";
export { type EventWrite, eventStatement, writeWithEvent } from "./write.ts";

export interface OutboxRow {
  seq: number;
  /** The row's number within its lane (set by numberLanes before it is sent). */
  laneSeq: number;
  envelope: EventEnvelope;
}

/** Unsent, numbered events of one lane in lane order. */
export async function pendingEvents(db: HubDb, lane: SyncLane, limit: number): Promise<OutboxRow[]> {
  const rows = await db
    .select({ seq: outbox.seq, laneSeq: outbox.laneSeq, envelope: outbox.envelope })
    .from(outbox)
    .where(and(isNull(outbox.sentAt), eq(outbox.lane, lane)))
    .orderBy(asc(outbox.seq))
    .limit(limit);
  return rows
    .filter((r) => r.laneSeq !== null)
    .map((r) => ({ seq: r.seq, laneSeq: r.laneSeq!, envelope: r.envelope as EventEnvelope }));
}

/** Marks every unsent event of `lane` numbered up to and including `laneSeq` as delivered. */
export async function markSent(db: HubDb, lane: SyncLane, uptoLaneSeq: number, nowMs: number): Promise<void> {
  await db
    .update(outbox)
    .set({ sentAt: nowMs })
    .where(and(eq(outbox.lane, lane), lte(outbox.laneSeq, uptoLaneSeq), isNull(outbox.sentAt)));
}

export async function outboxDepth(db: HubDb, lane?: SyncLane): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(outbox)
    .where(and(isNull(outbox.sentAt), lane ? eq(outbox.lane, lane) : undefined));
  return row?.n ?? 0;
}

export async function eventsOfType(db: HubDb, type: string): Promise<OutboxRow[]> {
  const rows = await db
    .select({ seq: outbox.seq, laneSeq: outbox.laneSeq, envelope: outbox.envelope })
    .from(outbox)
    .where(eq(outbox.type, type))
    .orderBy(asc(outbox.seq));
  return rows.map((r) => ({ seq: r.seq, laneSeq: r.laneSeq ?? 0, envelope: r.envelope as EventEnvelope }));
}
