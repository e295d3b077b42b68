import { describe, expect, it } from "vitest";
import { HoldOff } from "./hold-off.ts";

describe("HoldOff", () => {
  it("holds a repeat offender off for a doubling interval, up to a cap, and forgets after a quiet spell", () => {
    let t = 0;
    const h = new HoldOff({ firstMs: 1000, maxMs: 4000, forgetAfterMs: 60_000, now: () => t });
    expect(h.remaining("d")).toBe(0);
    expect(h.offended("d")).toBe(1000);
    expect(h.remaining("d")).toBe(1000);
    t = 1000;
    expect(h.remaining("d")).toBe(0);
    expect(h.offended("d")).toBe(2000);
    expect(h.offended("d")).toBe(4000);
    expect(h.offended("d")).toBe(4000);
    t += 61_000;
    expect(h.offended("d")).toBe(1000);
  });
});
