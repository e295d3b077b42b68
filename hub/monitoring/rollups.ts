/** Minute and hour rollups (min, max, mean, count), accumulated per batch and merged with one upsert per bucket. */
import { and, asc, eq, gte, lt } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { type HubDb, RowsStatement, rollups } from "../db/index.ts";

export type Resolution = "minute" | "hour";
const SPAN: Record<Resolution, number> = { minute: 60_000, hour: 3_600_000 };

interface Bucket {
  equipmentId: string;
  resolution: Resolution;
  bucket: number;
  min: number;
  max: number;
  sum: number;
  count: number;
}

export class RollupAccumulator {
  /** Per unit, its buckets of this batch, few (a batch spans a minute or two): found by a scan, not a key string. */
  private readonly buckets = new Map<string, Bucket[]>();

  add(equipmentId: string, ts: number, temperature: number): void {
    let list = this.buckets.get(equipmentId);
    if (!list) {
      list = [];
      this.buckets.set(equipmentId, list);
    }
    this.merge(list, equipmentId, "minute", ts - (ts % SPAN.minute), temperature);
    this.merge(list, equipmentId, "hour", ts - (ts % SPAN.hour), temperature);
  }

  private merge(
    list: Bucket[],
    equipmentId: string,
    resolution: Resolution,
    bucket: number,
    t: number,
  ): void {
    for (let i = list.length - 1; i >= 0; i--) {
      const b = list[i]!;
      if (b.bucket !== bucket || b.resolution !== resolution) continue;
      if (t < b.min) b.min = t;
      if (t > b.max) b.max = t;
      b.sum += t;
      b.count++;
      return;
    }
    list.push({ equipmentId, resolution, bucket, min: t, max: t, sum: t, count: 1 });
  }

  /** Upserts merging into what earlier batches stored for the same buckets. */
  statements(out: BatchItem<"sqlite">[]): void {
    if (this.buckets.size === 0) return;
    const values: unknown[] = [];
    for (const list of this.buckets.values())
      for (const b of list) values.push(b.equipmentId, b.resolution, b.bucket, b.min, b.max, b.sum, b.count);
    UPSERT.statements(values, out);
  }
}

const UPSERT = new RowsStatement(
  'insert into "rollups" ("equipment_id", "resolution", "bucket", "min", "max", "sum", "count") values',
  7,
  'on conflict ("equipment_id", "resolution", "bucket") do update set "min" = min("min", excluded."min"), ' +
    '"max" = max("max", excluded."max"), "sum" = "sum" + excluded."sum", "count" = "count" + excluded."count"',
);

/** Rollups of one piece of equipment in [from, to), oldest first, with the mean computed. */
export async function readRollups(
  db: HubDb,
  input: { equipmentId: string; resolution: Resolution; from: number; to: number; limit: number },
) {
  const rows = await db
    .select()
    .from(rollups)
    .where(
      and(
        eq(rollups.equipmentId, input.equipmentId),
        eq(rollups.resolution, input.resolution),
        gte(rollups.bucket, input.from - (input.from % SPAN[input.resolution])),
        lt(rollups.bucket, input.to),
      ),
    )
    .orderBy(asc(rollups.bucket))
    .limit(input.limit);
  return rows.map((r) => ({ ts: r.bucket, min: r.min, max: r.max, mean: r.sum / r.count, count: r.count }));
}
