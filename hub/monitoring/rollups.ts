/**
 * Minute rollups (min, max, mean, count), accumulated per batch and merged with one upsert per
 * bucket. Hours are made from minutes when read; a stored hour row holds only minutes that
 * retention has folded into it before deleting them (hub/monitoring/retention.ts), so the two
 * never count a reading twice and ingest writes one rollup row per unit, not two.
 */
import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { type HubDb, RowsStatement, rollups } from "../db/index.ts";

export type Resolution = "minute" | "hour";
export const SPAN: Record<Resolution, number> = { minute: 60_000, hour: 3_600_000 };

/** A minute of one unit in this batch (ingest stores minutes only). */
interface Bucket {
  equipmentId: string;
  bucket: number;
  min: number;
  max: number;
  sum: number;
  count: number;
}

export class RollupAccumulator {
  /** Per unit, its buckets of this batch, few (a batch spans a minute or two): found by a scan, not a key string. */
  private readonly buckets = new Map<string, Bucket[]>();

  add(equipmentId: string, ts: number, t: number): void {
    let list = this.buckets.get(equipmentId);
    if (!list) {
      list = [];
      this.buckets.set(equipmentId, list);
    }
    const bucket = ts - (ts % SPAN.minute);
    for (let i = list.length - 1; i >= 0; i--) {
      const b = list[i]!;
      if (b.bucket !== bucket) continue;
      if (t < b.min) b.min = t;
      if (t > b.max) b.max = t;
      b.sum += t;
      b.count++;
      return;
    }
    list.push({ equipmentId, bucket, min: t, max: t, sum: t, count: 1 });
  }

  /** Upserts merging into what earlier batches stored for the same buckets. */
  statements(out: BatchItem<"sqlite">[]): void {
    if (this.buckets.size === 0) return;
    const values: unknown[] = [];
    for (const list of this.buckets.values())
      for (const b of list) values.push(b.equipmentId, "minute", b.bucket, b.min, b.max, b.sum, b.count);
    UPSERT.statements(values, out);
  }
}

/** How a rollup row merges into the stored one for its bucket (ingest, and retention folding minutes into hours). */
export const MERGE_ROLLUP =
  'on conflict ("equipment_id", "resolution", "bucket") do update set "min" = min("min", excluded."min"), ' +
  '"max" = max("max", excluded."max"), "sum" = "sum" + excluded."sum", "count" = "count" + excluded."count"';

const UPSERT = new RowsStatement(
  'insert into "rollups" ("equipment_id", "resolution", "bucket", "min", "max", "sum", "count") values',
  7,
  MERGE_ROLLUP,
);

/** Rollups of one piece of equipment in [from, to), oldest first, with the mean computed. */
export async function readRollups(
  db: HubDb,
  input: { equipmentId: string; resolution: Resolution; from: number; to: number; limit: number },
) {
  const from = input.from - (input.from % SPAN[input.resolution]);
  if (input.resolution === "hour") return readHours(db, { ...input, from });
  const rows = await db
    .select()
    .from(rollups)
    .where(
      and(
        eq(rollups.equipmentId, input.equipmentId),
        eq(rollups.resolution, "minute"),
        gte(rollups.bucket, from),
        lt(rollups.bucket, input.to),
      ),
    )
    .orderBy(asc(rollups.bucket))
    .limit(input.limit);
  return rows.map((r) => ({ ts: r.bucket, min: r.min, max: r.max, mean: r.sum / r.count, count: r.count }));
}

/**
 * Hours starting in [from, to): the hour rows retention folded, merged with the minutes still kept
 * (an hour at the retention edge has both). Every minute of an hour counts, as a stored hour did.
 */
async function readHours(db: HubDb, input: { equipmentId: string; from: number; to: number; limit: number }) {
  const { equipmentId: id, from, to } = input;
  const minutesTo = to % SPAN.hour === 0 ? to : to - (to % SPAN.hour) + SPAN.hour;
  const rows = await db.all<{ bucket: number; min: number; max: number; sum: number; count: number }>(sql`
    select "bucket", min("mn") as "min", max("mx") as "max", sum("s") as "sum", sum("c") as "count" from (
      select "bucket", "min" as "mn", "max" as "mx", "sum" as "s", "count" as "c" from ${rollups}
        where "equipment_id" = ${id} and "resolution" = 'hour' and "bucket" >= ${from} and "bucket" < ${to}
      union all
      select "bucket" - "bucket" % ${SPAN.hour}, "min", "max", "sum", "count" from ${rollups}
        where "equipment_id" = ${id} and "resolution" = 'minute' and "bucket" >= ${from} and "bucket" < ${minutesTo}
    ) group by "bucket" order by "bucket" limit ${input.limit}`);
  return rows.map((r) => ({ ts: r.bucket, min: r.min, max: r.max, mean: r.sum / r.count, count: r.count }));
}
