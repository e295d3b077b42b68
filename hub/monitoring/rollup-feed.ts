/**
 * Minute rollups up the bulk lane: each round, the minutes completed since the last round become
 * `equipment.readings.rolled-up` events, one per equipment per up to an hour of minutes (so a week-long
 * catch-up is ~170 events per unit, not 10,080). The watermark moves in the same batch as the events; a minute
 * whose rollup changed after it was fed (a late reading) goes again (rollup-refeed.ts).
 */
import { and, asc, eq, gte, lt, min } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Clock } from "../../shared/clock/index.ts";
import { buildEvent, type EventEnvelope } from "../../shared/events/index.ts";
import { equipment, type HubDb, hubSettings, rollups } from "../db/index.ts";
import { getSetting } from "../identity.ts";
import { eventStatement } from "../outbox/index.ts";
import { changedSinceFed, type FeedRow, loadFed, noteFed } from "./rollup-refeed.ts";

const MINUTE = 60_000;
/** A reading may arrive this late (device buffering, group commit) and still be in its minute's rollup. */
const GRACE_MS = MINUTE;
/** The cloud keeps 30 days of history: a newly claimed hub starts its feed no further back. */
const FIRST_FEED_MS = 30 * 24 * 3600_000;
export const MINUTES_PER_EVENT = 60;
const ROWS_PER_PASS = 20_000;
const WATERMARK = "sync.rollups.until";

export interface RollupFeedDeps {
  db: HubDb;
  clock: Clock;
  source: () => EventEnvelope["source"];
  /** Overrides GRACE_MS (tests that cannot wait a minute for late readings). */
  graceMs?: number;
}

/** Appends events for completed minutes not sent yet; returns how many events it wrote. */
export async function feedRollups(deps: RollupFeedDeps): Promise<number> {
  const { db } = deps;
  const now = deps.clock.now();
  const cutoff = Math.floor((now - (deps.graceMs ?? GRACE_MS)) / MINUTE) * MINUTE;
  const watermark = await getSetting<number>(db, WATERMARK);
  let from: number = watermark ?? (await firstMinute(db, cutoff));
  let written = 0;
  const fed = await loadFed(db);
  // Once a minute (when there is a new minute to feed), minutes already fed whose rollup changed go again.
  let late = watermark !== undefined && from < cutoff ? await changedSinceFed(db, fed, from) : [];
  while (from < cutoff) {
    const rows: Row[] = await db
      .select({ r: rollups, name: equipment.name })
      .from(rollups)
      .leftJoin(equipment, eq(equipment.id, rollups.equipmentId))
      .where(and(eq(rollups.resolution, "minute"), gte(rollups.bucket, from), lt(rollups.bucket, cutoff)))
      .orderBy(asc(rollups.bucket))
      .limit(ROWS_PER_PASS);
    // A full page may end inside a minute: stop before that minute and take it whole next pass.
    const until = rows.length === ROWS_PER_PASS ? rows[rows.length - 1]!.r.bucket : cutoff;
    const statements: BatchItem<"sqlite">[] = [];
    const sending = [...late, ...rows.filter((row) => row.r.bucket < until)];
    late = [];
    for (const envelope of eventsOf(sending, deps.source())) {
      statements.push(eventStatement(db, envelope, now));
    }
    written += statements.length;
    statements.push(noteFed(db, fed, sending, cutoff));
    statements.push(
      db
        .insert(hubSettings)
        .values({ key: WATERMARK, value: until })
        .onConflictDoUpdate({ target: hubSettings.key, set: { value: until } }),
    );
    await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    if (until <= from) break;
    from = until;
  }
  return written;
}

type Row = FeedRow;

async function firstMinute(db: HubDb, cutoff: number): Promise<number> {
  const [first] = await db
    .select({ at: min(rollups.bucket) })
    .from(rollups)
    .where(eq(rollups.resolution, "minute"));
  return Math.max(first?.at ?? cutoff, cutoff - FIRST_FEED_MS);
}

function eventsOf(rows: Row[], source: EventEnvelope["source"]): EventEnvelope[] {
  const byEquipment = new Map<string, Row[]>();
  for (const row of rows) {
    const list = byEquipment.get(row.r.equipmentId) ?? [];
    list.push(row);
    byEquipment.set(row.r.equipmentId, list);
  }
  const out: EventEnvelope[] = [];
  for (const [equipmentId, list] of byEquipment) {
    for (let i = 0; i < list.length; i += MINUTES_PER_EVENT) {
      const chunk = list.slice(i, i + MINUTES_PER_EVENT);
      const last = chunk[chunk.length - 1]!.r.bucket;
      out.push(
        buildEvent({
          type: "equipment.readings.rolled-up",
          source,
          occurredAt: last + MINUTE,
          data: {
            equipmentId,
            equipmentName: chunk[0]!.name ?? equipmentId,
            minutes: chunk.map(({ r }) => ({
              at: new Date(r.bucket).toISOString(),
              min: r.min,
              max: r.max,
              mean: r.sum / r.count,
              count: r.count,
            })),
          },
        }),
      );
    }
  }
  return out;
}
