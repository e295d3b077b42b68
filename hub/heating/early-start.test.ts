// Learned early start through the real hub (aedes, SQLite, MQTT heater and sensor) on a ManualClock: after a few simulated days the room reaches its set point by the period's start.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeatingRoomSim } from "../../devices/simulators/heating.ts";
import { ManualClock } from "../../shared/clock/index.ts";
import { defaultRoomSettings } from "../../shared/heating/defaults.ts";
import { heatingRooms } from "../db/index.ts";
import { applyDocument } from "../desired-state/index.ts";
import {
  connectPaired,
  type DeviceClient,
  deviceInput,
  eventually,
  startTestHub,
  type TestHub,
} from "../testing.ts";

const MIN = 60_000;
const TICK = 5 * MIN;
// 23:00 UTC (the hub's zone until the cloud says otherwise), in the night setback.
const clock = new ManualClock(Date.UTC(2026, 0, 11, 23));
const sim = new HeatingRoomSim({
  room: { heatPerHour: 5, lossPerHour: 0.08, openLossPerHour: 1.5, outsideC: 2, startC: 16 },
});
let h: TestHub;
let devices: { heater: DeviceClient; sensor: DeviceClient };

beforeAll(async () => {
  h = await startTestHub({ clock, heatingTickMs: TICK });
  const heater = await h.pair(deviceInput("HEATER", { name: "Bedroom radiator" }));
  const sensor = await h.pair(deviceInput("SENSOR", { name: "Bedroom sensor" }));
  const schedule = Array.from({ length: 7 }, () => [
    { at: "06:30", setPoint: 21 },
    { at: "22:00", setPoint: 16 },
  ]);
  await applyDocument(
    {
      db: h.storage.db,
      sections: h.sections,
      binding: { siteId: "site-1", hubId: "hub-1" },
      now: clock.now(),
    },
    {
      siteId: "site-1",
      hubId: "hub-1",
      version: 1,
      issuedAt: new Date(clock.now()).toISOString(),
      sections: {
        heating: {
          rooms: [
            {
              id: "bedroom",
              name: "Bedroom",
              space: "Home",
              settings: { ...defaultRoomSettings(), schedule, minOnMinutes: 5, minOffMinutes: 5 },
              changedAt: new Date(clock.now()).toISOString(),
              devices: [
                { deviceId: heater.id, role: "HEATER" as const },
                { deviceId: sensor.id, role: "SENSOR" as const },
              ],
            },
          ],
        },
      },
    },
  );
  devices = { heater: await connectPaired(h, heater), sensor: await connectPaired(h, sensor) };
  await sim.attach(devices);
});
afterAll(async () => {
  await Promise.all(Object.values(devices).map((d) => d.close()));
  await h.destroy();
});

const room = async () =>
  (await h.storage.db.select().from(heatingRooms).where(eq(heatingRooms.id, "bedroom")))[0]!;

describe("learned early start on the hub", () => {
  it("reaches the set point within 0.5 °C of the period's start after a few days, showing the predicted start", async () => {
    const mornings: { c: number; predictedStart: number | null }[] = [];
    let predicted: number | null = null;
    for (let step = 0; step < (3 * 24 * 60) / 5; step++) {
      sim.step(TICK);
      await sim.publish(devices, clock.now());
      await h.drain();
      clock.advance(TICK);
      const at = clock.now();
      const r = await eventually(async () => {
        const row = await room();
        return row.updatedAt >= at ? row : undefined;
      });
      // The heater has heard the tick's decision before the room moves on.
      await eventually(() => sim.relayOn === r!.state.heaterOn);
      if (r!.predictedStart !== null) predicted = r!.predictedStart;
      const d = new Date(at);
      if (d.getUTCHours() === 6 && d.getUTCMinutes() === 30) {
        mornings.push({ c: sim.model.c, predictedStart: predicted });
        predicted = null;
      }
    }
    expect(mornings).toHaveLength(3);
    // Nothing learned the first morning: heating starts at 06:30.
    expect(mornings[0]!.c).toBeLessThan(17);
    // From the second morning on, the first morning's warm-up has taught the room's rate.
    for (const m of mornings.slice(1)) {
      expect(m.c).toBeGreaterThanOrEqual(20.5);
      expect(m.predictedStart).not.toBeNull();
    }
  }, 120_000);
});
