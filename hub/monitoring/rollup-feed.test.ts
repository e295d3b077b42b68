import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../shared/clock/index.ts";
import { laneOf } from "../../shared/sync/index.ts";
import { type OpenedDb, openDb, rollups } from "../db/index.ts";
import { eventsOfType, numberLanes, pendingEvents } from "../outbox/index.ts";
import { feedRollups } from "./rollup-feed.ts";

const T0 = Date.UTC(2026, 5, 1);
const MIN = 60_000;
let storage: OpenedDb;
const clock = new ManualClock(T0);
const deps = () => ({
  db: storage.db,
  clock,
  source: () => ({ siteId: "local", hubId: "hub-1", module: "monitoring" as const }),
});

async function minutes(equipmentId: string, from: number, count: number): Promise<void> {
  const rows = Array.from({ length: count }, (_, i) => ({
    equipmentId,
    resolution: "minute" as const,
    bucket: from + i * MIN,
    min: 2,
    max: 4,
    sum: 180,
    count: 60,
  }));
  for (let i = 0; i < rows.length; i += 100) await storage.db.insert(rollups).values(rows.slice(i, i + 100));
}

beforeEach(async () => {
  storage = await openDb(":memory:");
});
afterEach(() => storage.close());

describe("minute rollups up the bulk lane", () => {
  it("batches a catch-up into events of up to an hour per unit, once, in the bulk lane", async () => {
    await minutes("eq-a", T0, 150);
    await minutes("eq-b", T0, 150);
    clock.set(T0 + 152 * MIN);
    expect(await feedRollups(deps())).toBe(6);
    const events = await eventsOfType(storage.db, "equipment.readings.rolled-up");
    const a = events.filter((e) => (e.envelope.data as { equipmentId: string }).equipmentId === "eq-a");
    expect(a.map((e) => (e.envelope.data as { minutes: unknown[] }).minutes.length)).toEqual([60, 60, 30]);
    expect((a[0]!.envelope.data as { minutes: { mean: number }[] }).minutes[0]!.mean).toBe(3);
    expect(laneOf(events[0]!.envelope.type)).toBe("bulk");
    await numberLanes(storage.db);
    expect(await pendingEvents(storage.db, "bulk", 100)).toHaveLength(6);

    expect(await feedRollups(deps())).toBe(0);
    await minutes("eq-a", T0 + 151 * MIN, 1);
    clock.set(T0 + 153 * MIN);
    expect(await feedRollups(deps())).toBe(1);
  });

  it("waits out the grace minute before sending a minute that may still get readings", async () => {
    await minutes("eq-a", T0, 1);
    clock.set(T0 + MIN + 30_000);
    expect(await feedRollups(deps())).toBe(0);
    clock.set(T0 + 2 * MIN);
    expect(await feedRollups(deps())).toBe(1);
  });

  it("feeds a minute again when a late reading changed its rollup after it was fed", async () => {
    await minutes("eq-a", T0, 3);
    clock.set(T0 + 4 * MIN);
    expect(await feedRollups(deps())).toBe(1);
    // A device sends a reading it buffered: the hub's rollup of the second minute now counts 61.
    await storage.db
      .update(rollups)
      .set({ count: 61, sum: 183, max: 5 })
      .where(and(eq(rollups.equipmentId, "eq-a"), eq(rollups.bucket, T0 + MIN)));
    await minutes("eq-a", T0 + 3 * MIN, 1);
    clock.set(T0 + 5 * MIN);
    expect(await feedRollups(deps())).toBe(1);
    const events = await eventsOfType(storage.db, "equipment.readings.rolled-up");
    const last = events[events.length - 1]!.envelope.data as {
      minutes: { at: string; count: number; max: number }[];
    };
    expect(last.minutes.map((m) => [m.at, m.count, m.max])).toEqual([
      [new Date(T0 + MIN).toISOString(), 61, 5],
      [new Date(T0 + 3 * MIN).toISOString(), 60, 4],
    ]);
    // Fed again once: the next minute sends only itself.
    await minutes("eq-a", T0 + 4 * MIN, 1);
    clock.set(T0 + 6 * MIN);
    expect(await feedRollups(deps())).toBe(1);
    const next = (await eventsOfType(storage.db, "equipment.readings.rolled-up")).at(-1)!.envelope.data as {
      minutes: unknown[];
    };
    expect(next.minutes).toHaveLength(1);
  });
});
