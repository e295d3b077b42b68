/** Retention: raw readings and minute rollups are kept 400 days (over a year), hour rollups for good. */
import { sql } from "drizzle-orm";
import { equipment, type HubDb, latestReadings, readings, rollups } from "../db/index.ts";
import { MERGE_ROLLUP, SPAN } from "./rollups.ts";

export const RAW_RETENTION_MS = 400 * 24 * 3600_000;

/** Rows deleted per statement: each delete is a short transaction of its own, so ingest never waits long. */
const CHUNK = 5000;

/** Lets ingest, which shares the thread and the write lock, commit between chunks. */
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface PruneOptions {
  /** Asked between chunks: true stops the prune there (the hub is closing); what is deleted stays deleted. */
  stopping?: () => boolean;
}

/**
 * Deletes what has aged out; the hour rollups that summarise it stay. Returns the rows deleted.
 * Readings go oldest rowid first: ingest appends in time order, so the aged readings of every unit
 * are one rowid range at the start of the table, deleted in ranges that free whole pages. A reading
 * that arrived late with an old time lies past that range: a pass per unit on the (equipment, ts)
 * index finds those.
 */
export async function pruneReadings(
  db: HubDb,
  now: number,
  opts: PruneOptions = {},
): Promise<{ readings: number; minuteRollups: number }> {
  const cutoff = now - RAW_RETENTION_MS;
  const stopping = opts.stopping ?? (() => false);
  let raw = 0;
  let after = 0;
  while (!stopping()) {
    // The next CHUNK rows by rowid: where the first young one is (the sweep ends there), else the last.
    const [range] = await db.all<{ young: number | null; last: number | null; n: number }>(
      sql`select min(case when ts >= ${cutoff} then id end) as young, max(id) as last, count(*) as n
          from (select id, ts from ${readings} where id > ${after} order by id limit ${CHUNK})`,
    );
    if (!range || range.n === 0) break;
    const end = range.young ?? range.last! + 1;
    if (end > after + 1) {
      const res = await db.run(sql`delete from ${readings} where id > ${after} and id < ${end}`);
      raw += res.rowsAffected;
    }
    if (range.young !== null || range.n < CHUNK) break;
    after = range.last!;
    await yieldToOthers();
  }
  // Every unit that has readings has a latest_readings row (a distinct over readings would scan them all).
  const units = await db
    .select({ id: equipment.id })
    .from(equipment)
    .union(db.select({ id: latestReadings.equipmentId }).from(latestReadings));
  let minute = 0;
  for (const { id } of units) {
    raw += await inChunks(
      db,
      sql`delete from ${readings} where id in (select id from ${readings} where ${readings.equipmentId} = ${id} and ${readings.ts} < ${cutoff} limit ${CHUNK})`,
      stopping,
    );
    minute += await foldMinutes(db, id, cutoff, stopping);
  }
  return { readings: raw, minuteRollups: minute };
}

/**
 * Folds a unit's aged minute rollups into its hour rows and deletes them, oldest first, a chunk per
 * transaction (so a minute is in its hour row or in the minutes, never both, never neither).
 * Merging is min/max/sum/count over disjoint minutes: a chunk may end mid-hour.
 */
async function foldMinutes(db: HubDb, id: string, cutoff: number, stopping: () => boolean) {
  let deleted = 0;
  const minute = sql`${rollups.equipmentId} = ${id} and ${rollups.resolution} = 'minute'`;
  while (!stopping()) {
    const [chunk] = await db.all<{ last: number | null; n: number }>(
      sql`select max("bucket") as last, count(*) as n from (select ${rollups.bucket} from ${rollups}
          where ${minute} and ${rollups.bucket} < ${cutoff} order by ${rollups.bucket} limit ${CHUNK})`,
    );
    if (!chunk || chunk.n === 0) break;
    const [, removed] = await db.batch([
      db.run(sql`insert into ${rollups} ("equipment_id", "resolution", "bucket", "min", "max", "sum", "count")
        select "equipment_id", 'hour', "bucket" - "bucket" % ${SPAN.hour}, min("min"), max("max"), sum("sum"), sum("count")
        from ${rollups} where ${minute} and ${rollups.bucket} <= ${chunk.last} group by 3
        ${sql.raw(MERGE_ROLLUP)}`),
      db.run(sql`delete from ${rollups} where ${minute} and ${rollups.bucket} <= ${chunk.last}`),
    ]);
    deleted += removed.rowsAffected;
    if (chunk.n < CHUNK) break;
    await yieldToOthers();
  }
  return deleted;
}

/** Runs a delete of at most CHUNK rows until it deletes fewer; returns the rows deleted. */
async function inChunks(db: HubDb, statement: ReturnType<typeof sql>, stopping: () => boolean) {
  let deleted = 0;
  while (!stopping()) {
    const res = await db.run(statement);
    deleted += res.rowsAffected;
    if (res.rowsAffected < CHUNK) break;
    await yieldToOthers();
  }
  return deleted;
}
