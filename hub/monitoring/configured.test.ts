import { afterEach, describe, expect, it } from "vitest";
import type { EventData, EventEnvelope } from "../../shared/events/index.ts";
import { buildFoodSafetyRecord } from "../../shared/records/food-safety.ts";
import { putSetting } from "../identity.ts";
import { eventsOfType } from "../outbox/index.ts";
import { announceConfigurations } from "./configured.ts";
import { updateEquipment } from "./equipment.ts";
import { recordAlarm } from "./record.ts";
import { foodSafetyReport } from "./report.ts";
import { feedRollups } from "./rollup-feed.ts";
import { type Bench, MIN, startBench, T0 } from "./testing.ts";

let b: Bench | undefined;
afterEach(() => b?.destroy());

const source = () => ({ siteId: "local", hubId: "hub-test", module: "monitoring" as const });
const configuredData = async (bench: Bench) =>
  (await eventsOfType(bench.storage.db, "equipment.configured")).map(
    (r) => (r.envelope as EventEnvelope<EventData<"equipment.configured">>).data,
  );

describe("equipment.configured", () => {
  it("goes up with the unit's range when it is paired and when it changes, and once for every unit at the first sync", async () => {
    b = await startBench({ optimalMin: 0, optimalMax: 5 });
    expect(await configuredData(b)).toMatchObject([
      { equipmentId: b.equipmentId, equipmentName: "Dairy fridge", optimalMin: 0, optimalMax: 5 },
    ]);
    const ctx = { db: b.storage.db, clock: b.clock, changed: async () => {} };
    await updateEquipment(ctx, b.equipmentId, { name: "Drinks fridge", optimalMax: 4 });
    // No change, no event.
    await updateEquipment(ctx, b.equipmentId, { optimalMax: 4 });
    const after = await configuredData(b);
    expect(after).toHaveLength(2);
    expect(after[1]).toMatchObject({ equipmentName: "Drinks fridge", optimalMin: 0, optimalMax: 4 });

    const deps = { db: b.storage.db, clock: b.clock, source };
    const bind = (hubId: string) =>
      putSetting(b!.storage.db, "cloud", { cloudUrl: "http://127.0.0.1", hubId, siteId: "s", claimedAt: 0 });
    // Producers run only for a claimed hub; each cloud binding hears of every unit once.
    expect(await announceConfigurations(deps)).toBe(0);
    await bind("cloud-hub-1");
    expect(await announceConfigurations(deps)).toBe(1);
    expect(await announceConfigurations(deps)).toBe(0);
    await bind("cloud-hub-2");
    expect(await announceConfigurations(deps)).toBe(1);
    expect(await announceConfigurations(deps)).toBe(0);
    const announced = (await configuredData(b)).at(-1);
    expect(announced).toMatchObject({ equipmentName: "Drinks fridge", optimalMax: 4 });
  });

  it("gives the cloud the facts for the same record the hub computes", async () => {
    b = await startBench({ optimalMin: 0, optimalMax: 5 });
    await b.each(0, 5, () => ({ temperature: 3 }));
    await b.each(5, 15, () => ({ temperature: 24.1 }));
    await b.each(15, 20, () => ({ temperature: 4 }));
    await b.tick(30);
    const period = { from: T0, to: T0 + 30 * MIN };
    const report = await foodSafetyReport(b.storage.db, { equipmentId: b.equipmentId, ...period });
    expect(report.record.verdict).toBe("outside");
    expect(report.record.excursions).toEqual([
      { direction: "HIGH", start: T0 + 5 * MIN, end: T0 + 15 * MIN, durationMs: 10 * MIN, peak: 24.1 },
    ]);

    // What the cloud receives: the rollup events, the configured range and the alarms.
    await feedRollups({ db: b.storage.db, clock: b.clock, source });
    const minutes = (await eventsOfType(b.storage.db, "equipment.readings.rolled-up")).flatMap((r) =>
      (r.envelope as EventEnvelope<EventData<"equipment.readings.rolled-up">>).data.minutes.map((m) => ({
        ...m,
        at: Date.parse(m.at),
      })),
    );
    const [range] = await configuredData(b);
    const cloudSide = buildFoodSafetyRecord({
      equipmentId: b.equipmentId,
      equipmentName: range!.equipmentName,
      limits: { low: range!.optimalMin, high: range!.optimalMax },
      ...period,
      minutes,
      alarms: report.alarms.map(recordAlarm),
    });
    expect(cloudSide).toEqual(report.record);
  });
});
