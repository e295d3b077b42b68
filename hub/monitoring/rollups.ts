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
  private readonly buckets = new Map<string, Bucket>();

  add(equipmentId: string, ts: number, temperature: number): void {
    for (const resolution of ["minute", "hour"] as const) {
      const bucket = ts - (ts % SPAN[resolution]);
      const key = `${equipmentId}|${resolution}|${bucket}`;
      const b = this.buckets.get(key);
      if (b) {
        b.min = Math.min(b.min, temperature);
        b.max = Math.max(b.max, temperature);
        b.sum += temperature;
        b.count++;
      } else {
        this.buckets.set(key, {
          equipmentId,
          resolution,
          bucket,
          min: temperature,
          max: temperature,
          sum: temperature,
          count: 1,
        });
      }
    }
  }

  /** Upserts merging into what earlier batches stored for the same buckets. */
  statements(out: BatchItem<"sqlite">[]): void {
    if (this.buckets.size === 0) return;
    const values: unknown[] = [];
    for (const b of this.buckets.values())
      values.push(b.equipmentId, b.resolution, b.bucket, b.min, b.max, b.sum, b.count);
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
