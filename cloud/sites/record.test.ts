import { describe, expect, it } from "vitest";
import { api, authed, postBatch, siteWithHub, type TestHub } from "../../edge/testing/fixtures.ts";
import { hubEvent } from "../../edge/testing/live-fixtures.ts";
import type { EventData } from "../../shared/events/index.ts";
import type { FoodSafetyRecord } from "../../shared/records/food-safety.ts";

const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

function configured(
  hub: TestHub,
  seq: number,
  at: number,
  range: { optimalMin: number; optimalMax: number },
) {
  return hubEvent(
    hub,
    seq,
    "equipment.configured",
    {
      equipmentId: "drinks-1",
      equipmentName: "Drinks fridge",
      type: "FRIDGE",
      setTemperature: (range.optimalMin + range.optimalMax) / 2,
      location: "Front counter",
      configuredAt: iso(at),
      ...range,
    },
    at,
  );
}

/** Minutes from `from`, each `[min, max]`; the mean is their middle. */
function minutes(hub: TestHub, seq: number, from: number, spans: [number, number][]) {
  const data: EventData<"equipment.readings.rolled-up"> = {
    equipmentId: "drinks-1",
    equipmentName: "Drinks fridge",
    minutes: spans.map(([min, max], i) => ({
      at: iso(from + i * MINUTE),
      min,
      max,
      mean: (min + max) / 2,
      count: 6,
    })),
  };
  return hubEvent(hub, seq, "equipment.readings.rolled-up", data, from + spans.length * MINUTE);
}

async function record(siteId: string, token: string, days = 2) {
  const res = await api(`/v1/sites/${siteId}/equipment/drinks-1/record?days=${days}`, authed(token));
  expect(res.status).toBe(200);
  return (await res.json()) as FoodSafetyRecord & { timeZone: string };
}

describe("the food-safety record (cloud)", () => {
  it("says out of limits for a rollup of 24.1 °C against the configured 0–5 °C, with the excursion and the alarm", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    const start = Math.floor(Date.now() / MINUTE) * MINUTE - 40 * MINUTE;
    const hot = start + 5 * MINUTE;
    const alarm = (
      seq: number,
      type:
        | "equipment.alarm.raised"
        | "equipment.alarm.acknowledged"
        | "equipment.alarm.cleared"
        | "equipment.alarm.closed",
      at: number,
      data: object,
    ) => hubEvent(hub, seq, type, { alarmId: "a-drinks", equipmentId: "drinks-1", ...data } as never, at);
    const ok = await postBatch(hub, [
      configured(hub, 1, start - 60 * MINUTE, { optimalMin: 0, optimalMax: 5 }),
      minutes(hub, 2, start, [
        ...Array.from({ length: 5 }, () => [3, 4] as [number, number]),
        ...Array.from({ length: 10 }, () => [18, 24.1] as [number, number]),
        ...Array.from({ length: 5 }, () => [3.5, 4.5] as [number, number]),
      ]),
      alarm(3, "equipment.alarm.raised", hot + MINUTE, {
        equipmentName: "Drinks fridge",
        kind: "HIGH_TEMPERATURE",
        temperature: 21,
        limit: 5,
        raisedAt: iso(hot + MINUTE),
      }),
      alarm(4, "equipment.alarm.acknowledged", hot + 3 * MINUTE, {
        acknowledgedBy: "Ana Berg",
        note: "door left open",
        acknowledgedAt: iso(hot + 3 * MINUTE),
      }),
      alarm(5, "equipment.alarm.cleared", hot + 11 * MINUTE, {
        kind: "HIGH_TEMPERATURE",
        temperature: 4,
        peak: 24.1,
        clearedAt: iso(hot + 11 * MINUTE),
      }),
      alarm(6, "equipment.alarm.closed", hot + 12 * MINUTE, {
        closedBy: "Ana Berg",
        correctiveAction: "Stock moved to the walk-in; door closer fixed",
        closedAt: iso(hot + 12 * MINUTE),
      }),
    ]);
    expect(ok.status).toBe(200);

    const r = await record(siteId, owner.token);
    expect(r.timeZone).toBeTruthy();
    expect(r).toMatchObject({
      equipmentName: "Drinks fridge",
      limits: { low: 0, high: 5 },
      verdict: "outside",
      // Twenty minutes, the last standing for the 15 minutes of silence after it.
      coveredMs: 34 * MINUTE,
      outsideMs: 10 * MINUTE,
    });
    const hottest = r.hours.find((h) => h.max === 24.1);
    expect(hottest?.verdict).toBe("outside");
    expect(r.excursions).toEqual([
      { direction: "HIGH", start: hot, end: hot + 10 * MINUTE, durationMs: 10 * MINUTE, peak: 24.1 },
    ]);
    expect(r.alarms).toMatchObject([
      {
        alarmId: "a-drinks",
        kind: "HIGH_TEMPERATURE",
        acknowledgedBy: "Ana Berg",
        note: "door left open",
        closedBy: "Ana Berg",
        correctiveAction: "Stock moved to the walk-in; door closer fixed",
      },
    ]);
    // The unit's live view carries the configured range too (chart bands).
    const units = await api(`/v1/sites/${siteId}/equipment`, authed(owner.token));
    const list = (await units.json()) as { equipment: { equipmentId: string; limits: unknown }[] };
    expect(list.equipment.find((e) => e.equipmentId === "drinks-1")?.limits).toEqual({ low: 0, high: 5 });
  });

  it("never says within limits when the range is unknown, and says when there are no readings", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    const start = Math.floor(Date.now() / MINUTE) * MINUTE - 10 * MINUTE;
    const empty = await record(siteId, owner.token);
    expect(empty.verdict).toBe("no-data");
    expect(empty.limits).toBeNull();

    expect(
      (
        await postBatch(hub, [
          minutes(hub, 1, start, [
            [3, 4],
            [3, 4],
          ]),
        ])
      ).status,
    ).toBe(200);
    const unknown = await record(siteId, owner.token);
    expect(unknown.verdict).toBe("limits-unknown");
    expect(unknown.hours.every((h) => h.verdict === "limits-unknown")).toBe(true);
    expect(unknown.excursions).toEqual([]);
  });

  it("keeps the newest configuration whatever order the events arrive in", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    const now = Date.now();
    await postBatch(hub, [
      configured(hub, 1, now - MINUTE, { optimalMin: 1, optimalMax: 4 }),
      configured(hub, 2, now - 60 * MINUTE, { optimalMin: 0, optimalMax: 8 }),
    ]);
    expect((await record(siteId, owner.token)).limits).toEqual({ low: 1, high: 4 });
  });
});
