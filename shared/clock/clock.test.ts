import { describe, expect, it } from "vitest";
import { ManualClock, systemClock } from "./index.ts";

describe("ManualClock timers", () => {
  it("runs a timer when advanced past it, at its own time, and not before", () => {
    const clock = new ManualClock(1_000);
    const ran: number[] = [];
    clock.after(500, () => ran.push(clock.now()));
    clock.advance(499);
    expect(ran).toEqual([]);
    clock.advance(10);
    expect(ran).toEqual([1_500]);
    expect(clock.now()).toBe(1_509);
    expect(clock.pending).toBe(0);
  });

  it("runs timers in time order, then creation order, and never a cancelled one", () => {
    const clock = new ManualClock(0);
    const ran: string[] = [];
    clock.after(30, () => ran.push("c"));
    clock.after(10, () => ran.push("a"));
    clock.after(10, () => ran.push("b"));
    const cancelled = clock.after(20, () => ran.push("never"));
    cancelled.cancel();
    cancelled.cancel();
    clock.advance(100);
    expect(ran).toEqual(["a", "b", "c"]);
  });

  it("runs an interval each period while stepping, and once at the last period on a jump", () => {
    const clock = new ManualClock(0);
    const ticks: number[] = [];
    const timer = clock.every(1_000, () => ticks.push(clock.now()));
    clock.advance(1_000);
    clock.advance(1_000);
    expect(ticks).toEqual([1_000, 2_000]);
    clock.advance(60_500);
    expect(ticks).toEqual([1_000, 2_000, 62_000]);
    clock.advance(500);
    expect(ticks.at(-1)).toBe(63_000);
    timer.cancel();
    clock.advance(10_000);
    expect(ticks).toHaveLength(4);
  });

  it("runs a timer armed by another within the same advance when it falls due in it", () => {
    const clock = new ManualClock(0);
    const ran: number[] = [];
    clock.after(10, () => clock.after(10, () => ran.push(clock.now())));
    clock.advance(25);
    expect(ran).toEqual([20]);
  });

  it("runs a timer that is already due without the clock moving", async () => {
    const clock = new ManualClock(0);
    const ran = new Promise<number>((resolve) => clock.after(0, () => resolve(clock.now())));
    expect(await ran).toBe(0);
  });

  it("fires nothing when set back, and what it passes when set forward", () => {
    const clock = new ManualClock(10_000);
    let ran = 0;
    clock.after(5_000, () => ran++);
    clock.set(0);
    expect(ran).toBe(0);
    clock.set(20_000);
    expect(ran).toBe(1);
    expect(() => clock.advance(-1)).toThrow(RangeError);
  });
});

describe("systemClock timers", () => {
  it("runs a delay and an interval on the runtime's timers", async () => {
    await new Promise<void>((resolve) => systemClock.after(1, resolve));
    let ticks = 0;
    await new Promise<void>((resolve) => {
      const timer = systemClock.every(1, () => {
        if (++ticks === 3) {
          timer.cancel();
          resolve();
        }
      });
    });
    expect(ticks).toBe(3);
  });
});
