import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR } from "../assets.ts";
import { readRollups } from "./rollups.ts";
import { type Bench, MIN, startBench, T0 } from "./testing.ts";

const HOUR = 60 * MIN;
let b: Bench | undefined;
afterEach(() => {
  b?.destroy();
  b = undefined;
});

describe("hour rollups made from minutes", () => {
  it("migration 0011 turns rollups stored the old way (hour and minute rows both) into the same hours", async () => {
    b = await startBench();
    const id = b.equipmentId;
    const rows: [string, number, number, number, number, number][] = [];
    // Hour 0: complete, its 60 minutes kept. Hour 1: an old prune deleted its first 40 minutes.
    for (let m = 0; m < 120; m++) rows.push(["minute", T0 + m * MIN, m % 5, m % 5, m % 5, 1]);
    const hour = (h: number) => rows.filter(([, t]) => t >= T0 + h * HOUR && t < T0 + (h + 1) * HOUR);
    const sum = (rs: typeof rows) => rs.reduce((a, r) => a + r[4], 0);
    const stored = [0, 1].map(
      (h) => ["hour", T0 + h * HOUR, 0, 4, sum(hour(h)), 60] as (typeof rows)[number],
    );
    const kept = rows.filter(([, t]) => t < T0 + HOUR || t >= T0 + HOUR + 40 * MIN);
    for (const [resolution, bucket, min, max, s, count] of [...stored, ...kept])
      await b.storage.client.execute({
        sql: "insert into rollups (equipment_id, resolution, bucket, min, max, sum, count) values (?, ?, ?, ?, ?, ?, ?)",
        args: [id, resolution, bucket, min, max, s, count],
      });
    const sql = readFileSync(join(MIGRATIONS_DIR, "0011_hours_from_minutes.sql"), "utf8");
    for (const statement of sql.split("--> statement-breakpoint")) await b.storage.client.execute(statement);
    const hours = await readRollups(b.storage.db, {
      equipmentId: id,
      resolution: "hour",
      from: T0,
      to: T0 + 2 * HOUR,
      limit: 10,
    });
    expect(hours).toEqual(
      stored.map(([, bucket, min, max, s, count]) => ({ ts: bucket, min, max, mean: s / count, count })),
    );
    // Hour 0 is made from its minutes now; hour 1 keeps its row, and its 20 leftover minutes went.
    const left = await b.rows("select resolution, count(*) n from rollups group by 1 order by 1");
    expect(left).toEqual([
      { resolution: "hour", n: 1 },
      { resolution: "minute", n: 60 },
    ]);
  });
});
