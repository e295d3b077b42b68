import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../shared/clock/index.ts";
import { laneOf } from "../../shared/sync/index.ts";
import { equipment, latestReadings, type OpenedDb, openDb, outbox, readings } from "../db/index.ts";
import { eventsOfType } from "../outbox/index.ts";
import { feedLatest } from "./latest-feed.ts";

const T0 = Date.UTC(2026, 5, 1);
let storage: OpenedDb;
const clock = new ManualClock(T0);
const deps = () => ({
  db: storage.db,
  clock,
  source: () => ({ siteId: "local", hubId: "hub-1", module: "monitoring" as const }),
  everyMs: 10_000,
});

/** A reading of `eq-a` as the recorder leaves it: the row and the unit's latest pointer. */
async function reading(temperature: number): Promise<void> {
  const [row] = await storage.db
    .insert(readings)
    .values({ equipmentId: "eq-a", deviceId: "dev-a", receivedAt: clock.now(), ts: clock.now(), temperature })
    .returning({ id: readings.id });
  await storage.db
    .insert(latestReadings)
    .values({ equipmentId: "eq-a", readingId: row!.id })
    .onConflictDoUpdate({ target: latestReadings.equipmentId, set: { readingId: row!.id } });
}

const sent = async () => storage.db.update(outbox).set({ sentAt: clock.now() });
const temperatures = async () =>
  (await eventsOfType(storage.db, "equipment.reading.latest")).map(
    (e) => (e.envelope.data as { temperature: number }).temperature,
  );

beforeEach(async () => {
  storage = await openDb(":memory:");
  clock.set(T0);
  await storage.db.insert(equipment).values({
    id: "eq-a",
    name: "Drinks fridge",
    type: "FRIDGE",
    setTemperature: 3,
    optimalMin: 0,
    optimalMax: 5,
    createdAt: T0,
    updatedAt: T0,
  });
});
afterEach(() => storage.close());

describe("the latest reading up the priority lane", () => {
  it("sends a unit's new reading at once, then at most every everyMs, on the priority lane", async () => {
    await reading(4.4);
    expect(await feedLatest(deps())).toBe(1);
    const [event] = await eventsOfType(storage.db, "equipment.reading.latest");
    expect(event!.envelope.data).toEqual({
      equipmentId: "eq-a",
      equipmentName: "Drinks fridge",
      temperature: 4.4,
      at: new Date(T0).toISOString(),
    });
    expect(laneOf(event!.envelope.type)).toBe("priority");
    await sent();

    clock.advance(2_000);
    await reading(4.6);
    expect(await feedLatest(deps())).toBe(0);
    clock.advance(8_000);
    expect(await feedLatest(deps())).toBe(1);
    await sent();
    // Nothing new: nothing sent, however long it has been.
    clock.advance(60_000);
    expect(await feedLatest(deps())).toBe(0);
    expect(await temperatures()).toEqual([4.4, 4.6]);
  });

  it("queues nothing more while the last round is undelivered (an offline hub keeps one round, not a backlog)", async () => {
    await reading(4.4);
    expect(await feedLatest(deps())).toBe(1);
    for (const t of [5, 6, 7]) {
      clock.advance(30_000);
      await reading(t);
      expect(await feedLatest(deps())).toBe(0);
    }
    await sent();
    expect(await feedLatest(deps())).toBe(1);
    expect(await temperatures()).toEqual([4.4, 7]);
    const unsent = await storage.db.select().from(outbox).where(eq(outbox.type, "equipment.reading.latest"));
    expect(unsent).toHaveLength(2);
  });
});
