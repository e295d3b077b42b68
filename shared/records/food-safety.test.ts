import { describe, expect, it } from "vitest";
import { buildFoodSafetyRecord, personName, type RecordMinute } from "./food-safety.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 5, 1, 8);

/** One minute per entry from `from`; null leaves the minute without readings. */
const minutes = (from: number, temps: (number | null)[]): RecordMinute[] =>
  temps.flatMap((t, i) => (t === null ? [] : [{ at: from + i * MIN, min: t, max: t, mean: t, count: 6 }]));

const base = { equipmentId: "e1", equipmentName: "Drinks fridge", alarms: [] };

describe("the shared food-safety record", () => {
  it("judges each hour by its lowest and highest minute, and lists the hours without readings as gaps", () => {
    const r = buildFoodSafetyRecord({
      ...base,
      limits: { low: 0, high: 5 },
      from: T0,
      to: T0 + 4 * HOUR,
      minutes: [...minutes(T0, [3, 4, 24.1]), ...minutes(T0 + 3 * HOUR, [2, 3])],
    });
    expect(r.verdict).toBe("outside");
    // Each minute stands until the next, at most 15 minutes: the last of each run covers 15.
    expect(r.hours.map((h) => [h.at, h.minutes, h.coveredMs / MIN, h.max, h.verdict])).toEqual([
      [T0, 3, 17, 24.1, "outside"],
      [T0 + 3 * HOUR, 2, 16, 3, "within"],
    ]);
    expect(r.gaps).toEqual([{ from: T0 + HOUR, to: T0 + 3 * HOUR }]);
    expect([r.outsideMs, r.coveredMs, r.gapMs].map((ms) => ms / MIN)).toEqual([15, 33, 240 - 33]);
  });

  it("closes an excursion at the first minute back, where its last minute stood before a silence, or leaves it open at the end", () => {
    const limits = { low: 0, high: 5 };
    const to = T0 + 60 * MIN;
    const r = buildFoodSafetyRecord({
      ...base,
      limits,
      from: T0,
      to,
      minutes: [
        ...minutes(T0, [3, 8, 9, 3, -2, -3]),
        // Twenty minutes of silence after a cold minute.
        ...minutes(T0 + 6 * MIN, [-1]),
        ...minutes(T0 + 58 * MIN, [7, 7]),
      ],
    });
    expect(r.excursions).toEqual([
      { direction: "HIGH", start: T0 + MIN, end: T0 + 3 * MIN, durationMs: 2 * MIN, peak: 9 },
      { direction: "LOW", start: T0 + 4 * MIN, end: T0 + 21 * MIN, durationMs: 17 * MIN, peak: -3 },
      { direction: "HIGH", start: T0 + 58 * MIN, end: null, durationMs: 2 * MIN, peak: 7 },
    ]);
  });

  it("never says within limits without limits or without readings", () => {
    const unknown = buildFoodSafetyRecord({
      ...base,
      limits: null,
      from: T0,
      to: T0 + HOUR,
      minutes: minutes(T0, [30]),
    });
    expect(unknown.verdict).toBe("limits-unknown");
    expect(unknown.hours[0]!.verdict).toBe("limits-unknown");
    expect(unknown.excursions).toEqual([]);
    const empty = buildFoodSafetyRecord({
      ...base,
      limits: { low: 0, high: 5 },
      from: T0,
      to: T0 + HOUR,
      minutes: [],
    });
    expect(empty.verdict).toBe("no-data");
    expect(empty.gaps).toEqual([{ from: T0, to: T0 + HOUR }]);
  });

  it("lists the alarms active in the period, oldest first", () => {
    const alarm = (alarmId: string, raisedAt: number, clearedAt: number | null) => ({
      alarmId,
      kind: "HIGH_TEMPERATURE",
      raisedAt,
      temperature: 9,
      peak: null,
      acknowledgedAt: null,
      acknowledgedBy: null,
      note: null,
      clearedAt,
      closedAt: null,
      closedBy: null,
      correctiveAction: null,
    });
    const r = buildFoodSafetyRecord({
      ...base,
      limits: { low: 0, high: 5 },
      from: T0,
      to: T0 + HOUR,
      minutes: [],
      alarms: [
        alarm("late", T0 + 2 * HOUR, null),
        alarm("open", T0 + 5 * MIN, null),
        alarm("before", T0 - HOUR, T0 - MIN),
        alarm("spans", T0 - HOUR, T0 + MIN),
      ],
    });
    expect(r.alarms.map((a) => a.alarmId)).toEqual(["spans", "open"]);
  });

  it("names people by name, keeping the recorded subject out of the text", () => {
    expect(personName("Ana Ruiz (01a25169-7c1e-7000-8000-000000000000)")).toBe("Ana Ruiz");
    expect(personName("Ana Ruiz")).toBe("Ana Ruiz");
    expect(personName(null)).toBeNull();
  });
});
