/**
 * Lane numbering. Events are inserted by many paths (batches, guarded raw SQL); the sync agent alone gives
 * each unsent row its lane and its next number in that lane, so every lane counts 1, 2, 3 … with no gap.
 */
import { and, eq, inArray, isNull, max, min, sql } from "drizzle-orm";
import { BULK_EVENT_TYPES, SYNC_LANES, type SyncLane } from "../../shared/sync/index.ts";
import { type HubDb, outbox } from "../db/index.ts";

/**
 * Numbers every unnumbered row, in seq order per lane, in one batch (each lane's top is read by the
 * UPDATE itself, so no interactive transaction holds the write lock between statements).
 */
export async function numberLanes(db: HubDb): Promise<void> {
  await db.batch([
    db
      .update(outbox)
      .set({ lane: "bulk" })
      .where(and(isNull(outbox.laneSeq), inArray(outbox.type, [...BULK_EVENT_TYPES]))),
    ...SYNC_LANES.map((lane) =>
      db.run(sql`UPDATE outbox SET lane_seq = n.top + n.rn
        FROM (SELECT seq, row_number() OVER (ORDER BY seq) AS rn,
                (SELECT coalesce(max(lane_seq), 0) FROM outbox WHERE lane = ${lane}) AS top
              FROM outbox WHERE lane = ${lane} AND lane_seq IS NULL) AS n
        WHERE outbox.seq = n.seq`),
    ),
  ]);
}

/**
 * Where a new cloud binding's lanes start: just below the first unsent row of each lane (or after the last
 * row when all are sent). The cloud's cursors for a new hub id start at 0, so the hub sends
 * `laneSeq - base`: a re-claimed hub resumes with 1, and nothing already delivered goes up again.
 */
export async function laneBases(db: HubDb): Promise<Record<SyncLane, number>> {
  const bases = { priority: 0, bulk: 0 };
  for (const lane of SYNC_LANES) {
    const [unsent] = await db
      .select({ n: min(outbox.laneSeq) })
      .from(outbox)
      .where(and(eq(outbox.lane, lane), isNull(outbox.sentAt)));
    const [top] = await db
      .select({ n: max(outbox.laneSeq) })
      .from(outbox)
      .where(eq(outbox.lane, lane));
    bases[lane] = unsent?.n != null ? unsent.n - 1 : (top?.n ?? 0);
  }
  return bases;
}
