// The thermostat's rules on an injected clock: band, min on/off under a flipping set point, holds, frost, safety, window, failure.
import { describe, expect, it } from "vitest";
import { ManualClock } from "../clock/index.ts";
import { DEFAULT_ROOM, RoomModel } from "./room-model.ts";
import { defaultSchedule } from "./schedule.ts";
import {
  DEFAULT_SETTINGS,
  type Decision,
  decide,
  initialState,
  type Reading,
  type RoomSettings,
  type RoomState,
  startHold,
} from "./thermostat.ts";

const MIN = 60_000;
const ZONE = "Europe/Stockholm";
const settings = (over: Partial<RoomSettings> = {}): RoomSettings => ({
  ...DEFAULT_SETTINGS,
  schedule: defaultSchedule(),
  mode: "manual",
  ...over,
});

/** Ticks a thermostat every minute on a ManualClock; `temp` gives the reading at each tick. */
function run(
  s: RoomSettings,
  clock: ManualClock,
  minutes: number,
  temp: (i: number, on: boolean) => number | null,
  st0?: RoomState,
) {
  let st = st0 ?? initialState();
  const log: Decision[] = [];
  let i = 0;
  const timer = clock.every(MIN, () => {
    const c = temp(i++, st.heaterOn);
    const reading: Reading | null = c === null ? null : { c, at: clock.now() };
    const d = decide(s, st, ZONE, clock.now(), reading);
    st = d.state;
    log.push(d);
  });
  // A ManualClock jump runs a missed interval once; a simulation steps minute by minute.
  for (let m = 0; m < minutes; m++) clock.advance(MIN);
  timer.cancel();
  return { log, state: st };
}

const switches = (log: Decision[]) => log.flatMap((d) => d.events.filter((e) => e.kind === "switched"));

describe("thermostat", () => {
  it("switches nothing while readings wander inside the hysteresis band", () => {
    const clock = new ManualClock();
    const { log } = run(
      settings({ setPoint: 20 }),
      clock,
      240,
      (i) => 20 + 0.25 * Math.sin(i / 15),
      initialState(true),
    );
    expect(switches(log)).toEqual([]);
    expect(log.every((d) => d.heaterOn && d.reason === "band")).toBe(true);
  });

  it("holds min on and min off times and the hourly cap while the set point flips every minute", () => {
    const clock = new ManualClock();
    let s = settings({ minOnMs: 7 * MIN, minOffMs: 11 * MIN, maxSwitchesPerHour: 4 });
    let st = initialState();
    const at: { t: number; on: boolean }[] = [];
    for (let i = 0; i < 180; i++) {
      clock.advance(MIN);
      s = { ...s, setPoint: i % 2 ? 15 : 25 };
      const d = decide(s, st, ZONE, clock.now(), { c: 20, at: clock.now() });
      if (d.heaterOn !== st.heaterOn) at.push({ t: clock.now(), on: d.heaterOn });
      st = d.state;
    }
    expect(at.length).toBeGreaterThan(4);
    for (let k = 1; k < at.length; k++) {
      const gap = at[k]!.t - at[k - 1]!.t;
      expect(gap).toBeGreaterThanOrEqual(at[k - 1]!.on ? 7 * MIN : 11 * MIN);
    }
    for (const a of at)
      expect(at.filter((b) => b.t <= a.t && a.t - b.t < 60 * MIN).length).toBeLessThanOrEqual(4);
  });

  it("ends an override at the next period and a boost after its minutes", () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 12, 10, 0)); // Monday 11:00 in Stockholm
    const s = settings({ mode: "auto" });
    let st = startHold(initialState(), "override", 24, Date.UTC(2026, 0, 12, 21, 0)); // 22:00 local
    st = startHold(st, "boost", 26, clock.now() + 30 * MIN);
    const first = decide(s, st, ZONE, clock.now(), { c: 20, at: clock.now() });
    expect([first.target, first.source]).toEqual([26, "boost"]);
    clock.advance(30 * MIN);
    const afterBoost = decide(s, first.state, ZONE, clock.now(), { c: 20, at: clock.now() });
    expect([afterBoost.target, afterBoost.source]).toEqual([24, "override"]);
    expect(afterBoost.events).toContainEqual({ kind: "override-ended", hold: "boost" });
    clock.set(Date.UTC(2026, 0, 12, 21, 0));
    const atPeriod = decide(s, afterBoost.state, ZONE, clock.now(), { c: 20, at: clock.now() });
    expect([atPeriod.target, atPeriod.source]).toEqual([17, "schedule"]);
    expect(atPeriod.events).toContainEqual({ kind: "override-ended", hold: "override" });
  });

  it("protects from frost in away and off", () => {
    for (const mode of ["away", "off"] as const) {
      const clock = new ManualClock();
      const s = settings({ mode, awaySetPoint: 5, frostC: 7 });
      const cold = decide(s, initialState(), ZONE, clock.now(), { c: 6, at: clock.now() });
      expect([cold.heaterOn, cold.target, cold.source]).toEqual([true, 7, "frost"]);
      const warm = decide(s, initialState(), ZONE, clock.now(), { c: 12, at: clock.now() });
      expect(warm.heaterOn).toBe(false);
    }
  });

  it("switches the heater off within one tick of its sensor going stale, min on time notwithstanding", () => {
    const clock = new ManualClock();
    const s = settings({ setPoint: 22, staleAfterMs: 15 * MIN, minOnMs: 60 * MIN });
    const last = { c: 18, at: clock.now() };
    let d = decide(s, initialState(), ZONE, clock.now(), last);
    expect(d.heaterOn).toBe(true);
    clock.advance(15 * MIN);
    d = decide(s, d.state, ZONE, clock.now(), last);
    expect(d.heaterOn).toBe(true);
    clock.advance(MIN); // the next tick after the reading is 15 min old
    d = decide(s, d.state, ZONE, clock.now(), last);
    expect([d.heaterOn, d.reason]).toEqual([false, "stale"]);
    expect(d.events).toContainEqual({ kind: "safety", cause: "stale" });
    // Stated per room: "keep" leaves it as it was.
    const kept = decide(
      { ...s, staleAction: "keep" },
      { ...d.state, heaterOn: true },
      ZONE,
      clock.now(),
      last,
    );
    expect(kept.heaterOn).toBe(true);
  });

  it("cuts heating at the maximum room temperature, even in a boost", () => {
    const clock = new ManualClock();
    const st = startHold(initialState(true), "boost", 30, clock.now() + 60 * MIN);
    const d = decide(settings({ maxC: 27 }), { ...st, lastSwitchAt: clock.now() }, ZONE, clock.now(), {
      c: 27.2,
      at: clock.now(),
    });
    expect([d.heaterOn, d.reason]).toEqual([false, "max-temp"]);
    expect(d.events).toContainEqual({ kind: "safety", cause: "max-temp" });
  });

  it("pauses heating for the stated time when the temperature falls like an open window", () => {
    const clock = new ManualClock();
    const room = new RoomModel({ ...DEFAULT_ROOM, startC: 20 });
    const s = settings({ setPoint: 21, minOnMs: 0, minOffMs: 0 });
    const start = clock.now();
    const { log } = run(s, clock, 90, (i, on) => {
      room.windowOpen = i >= 20 && i < 30;
      return room.step(MIN, on ? 1 : 0);
    });
    const opened = log.findIndex((d) => d.events.some((e) => e.kind === "window-opened"));
    expect(opened).toBeGreaterThan(20);
    expect(opened).toBeLessThan(30);
    const until = log[opened]!.state.windowPausedUntil!;
    expect(until).toBe(start + (opened + 1) * MIN + 30 * MIN);
    const paused = log.filter((d) => d.reason === "window");
    expect(paused.length).toBeGreaterThanOrEqual(29);
    expect(paused.every((d) => !d.heaterOn)).toBe(true);
    expect(log.slice(opened + 31).some((d) => d.heaterOn)).toBe(true);
  });

  it("raises a heating failure when a heater runs with the temperature flat", () => {
    const clock = new ManualClock();
    const { log } = run(settings({ setPoint: 22 }), clock, 30, () => 18);
    const failed = log.findIndex((d) => d.events.some((e) => e.kind === "failure"));
    expect(failed).toBe(15);
    expect(log.filter((d) => d.events.some((e) => e.kind === "failure"))).toHaveLength(1);
  });
});
