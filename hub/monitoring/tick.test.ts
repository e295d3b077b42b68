import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../shared/clock/index.ts";
import { connectFridge, eventually, fridgeInput, getJson, startTestHub, type TestHub } from "../testing.ts";

let hub: TestHub | undefined;
afterEach(async () => {
  await hub?.destroy();
});

describe("the running hub's monitoring clock", () => {
  it("raises SENSOR_STALE on its own when a fridge goes quiet, and clears it on the next reading", async () => {
    const clock = new ManualClock(Date.now());
    hub = await startTestHub({ clock, monitoringTickMs: 20 });
    const paired = await hub.pair(fridgeInput());
    const fridge = await connectFridge(hub, paired);
    await fridge.publishTelemetry({ temperature: 4 });

    clock.advance(16 * 60_000);
    const url = `${hub.httpUrl}/api/alarms?equipmentId=${paired.equipmentId}`;
    const raised = await eventually(async () => {
      const { body } = await getJson<{ alarms: { kind: string; status: string }[] }>(url, hub);
      return body.alarms.length > 0 ? body.alarms : null;
    });
    expect(raised).toEqual([expect.objectContaining({ kind: "SENSOR_STALE", status: "RAISED" })]);

    await fridge.publishTelemetry({ temperature: 4 });
    const { body } = await getJson<{ alarms: { status: string }[] }>(url, hub);
    expect(body.alarms.map((a) => a.status)).toEqual(["CLEARED"]);
    await fridge.close();
  });
});
