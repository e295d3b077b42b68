import { describe, expect, it } from "vitest";
import { evaluateRange, type OpenAlarm } from "./range-rule.ts";

const limits = { optimalMin: 0, optimalMax: 5 };
const high: OpenAlarm = { id: "a", kind: "HIGH_TEMPERATURE", limit: 5, peak: 7 };

describe("evaluateRange", () => {
  it("raises nothing inside the range, including the limits themselves", () => {
    expect(evaluateRange(limits, null, 3)).toEqual([]);
    expect(evaluateRange(limits, null, 5)).toEqual([]);
    expect(evaluateRange(limits, null, 0)).toEqual([]);
  });

  it("raises high and low with the limit that was crossed", () => {
    expect(evaluateRange(limits, null, 5.1)).toEqual([
      { action: "raise", kind: "HIGH_TEMPERATURE", limit: 5 },
    ]);
    expect(evaluateRange(limits, null, -1)).toEqual([{ action: "raise", kind: "LOW_TEMPERATURE", limit: 0 }]);
  });

  it("tracks the peak while out and clears when back inside", () => {
    expect(evaluateRange(limits, high, 6)).toEqual([]);
    expect(evaluateRange(limits, high, 8)).toEqual([{ action: "peak", peak: 8 }]);
    expect(evaluateRange(limits, high, 4)).toEqual([{ action: "clear" }]);
  });

  it("clears and raises the other side on a jump across the range", () => {
    expect(evaluateRange(limits, high, -2)).toEqual([
      { action: "clear" },
      { action: "raise", kind: "LOW_TEMPERATURE", limit: 0 },
    ]);
  });
});
