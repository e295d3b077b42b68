import { afterEach, describe, expect, it } from "vitest";
import { pairDevice } from "../devices/index.ts";
import { listEquipment } from "./alarms.ts";
import { type Bench, startBench } from "./testing.ts";

let b: Bench | undefined;
afterEach(() => b?.destroy());

describe("equipment list", () => {
  it("gives each unit its latest reading, none for a unit without readings, sorted by name", async () => {
    b = await startBench({ optimalMin: 0, optimalMax: 5 });
    const quiet = await pairDevice(
      { db: b.storage.db, clock: b.clock },
      { kind: "FRIDGE", name: "Anchovy fridge", equipment: { optimalMin: 0, optimalMax: 5 } },
    );
    await b.at(0, { temperature: 4 });
    await b.at(1, { temperature: 4.5 });
    await b.at(2, { temperature: 3.5 });
    const list = await listEquipment(b.storage.db);
    expect(list.map((e) => [e.id, e.currentTemperature, e.latestReading?.ts ?? null])).toEqual([
      [quiet.equipmentId, null, null],
      [b.equipmentId, 3.5, b.clock.now()],
    ]);
    expect(list.every((e) => e.alarmStatus === "OK" && e.activeAlarms.length === 0)).toBe(true);
  });
});
