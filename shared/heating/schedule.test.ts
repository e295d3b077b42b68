// Schedules on both daylight-saving days (Stockholm, New York) and learned early start on a simulated room.
import { describe, expect, it } from "vitest";
import { localTime, ManualClock } from "../clock/index.ts";
import { DEFAULT_ROOM, RoomModel } from "./room-model.ts";
import { periodAt, transitions, type WeekSchedule } from "./schedule.ts";
import { DEFAULT_SETTINGS, decide, initialState, type RoomSettings } from "./thermostat.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
// 02:30 falls in the skipped hour in spring in both zones, and in Stockholm's repeated hour in autumn.
const night: WeekSchedule = Array.from({ length: 7 }, () => [
  { at: "02:30", setPoint: 19 },
  { at: "06:30", setPoint: 21 },
  { at: "22:00", setPoint: 16 },
]);

/** The target a thermostat in auto mode reads at each instant, ticking every minute through the day. */
function targetsThrough(zone: string, fromUtc: number, hours: number) {
  const s: RoomSettings = { ...DEFAULT_SETTINGS, schedule: night, earlyStart: false };
  const clock = new ManualClock(fromUtc);
  const changes: { utc: string; local: string; target: number }[] = [];
  let last = Number.NaN;
  for (let m = 0; m <= hours * 60; m++) {
    const d = decide(s, initialState(), zone, clock.now(), { c: 20, at: clock.now() });
    if (d.target !== last) {
      const l = localTime(clock.now(), zone);
      const local = `${String(l.hour).padStart(2, "0")}:${String(l.minute).padStart(2, "0")}`;
      changes.push({ utc: new Date(clock.now()).toISOString().slice(11, 16), local, target: d.target });
      last = d.target;
    }
    clock.advance(MIN);
  }
  return changes;
}

describe("schedule across daylight saving", () => {
  it("Europe/Stockholm spring forward (29 March 2026): 02:30 begins at 03:30 local, once", () => {
    expect(targetsThrough("Europe/Stockholm", Date.UTC(2026, 2, 28, 20), 12)).toEqual([
      { utc: "20:00", local: "21:00", target: 21 },
      { utc: "21:00", local: "22:00", target: 16 },
      { utc: "01:30", local: "03:30", target: 19 },
      { utc: "04:30", local: "06:30", target: 21 },
    ]);
  });

  it("Europe/Stockholm fall back (25 October 2026): 02:30 begins at its first occurrence, once", () => {
    expect(targetsThrough("Europe/Stockholm", Date.UTC(2026, 9, 24, 19), 12)).toEqual([
      { utc: "19:00", local: "21:00", target: 21 },
      { utc: "20:00", local: "22:00", target: 16 },
      { utc: "00:30", local: "02:30", target: 19 },
      { utc: "05:30", local: "06:30", target: 21 },
    ]);
    const starts = transitions(night, "Europe/Stockholm", Date.UTC(2026, 9, 25, 1), 0).map((t) => t.at);
    expect(starts).toEqual([
      Date.UTC(2026, 9, 25, 0, 30),
      Date.UTC(2026, 9, 25, 5, 30),
      Date.UTC(2026, 9, 25, 21),
    ]);
  });

  it("America/New_York spring forward (8 March 2026) and fall back (1 November 2026)", () => {
    expect(targetsThrough("America/New_York", Date.UTC(2026, 2, 8, 1), 12)).toEqual([
      { utc: "01:00", local: "20:00", target: 21 },
      { utc: "03:00", local: "22:00", target: 16 },
      { utc: "07:30", local: "03:30", target: 19 },
      { utc: "10:30", local: "06:30", target: 21 },
    ]);
    expect(targetsThrough("America/New_York", Date.UTC(2026, 10, 1, 1), 12)).toEqual([
      { utc: "01:00", local: "21:00", target: 21 },
      { utc: "02:00", local: "22:00", target: 16 },
      { utc: "07:30", local: "02:30", target: 19 },
      { utc: "11:30", local: "06:30", target: 21 },
    ]);
    // New York repeats 01:00–02:00: a period at 01:30 begins at the first 01:30 (EDT), once.
    const repeated: WeekSchedule = Array.from({ length: 7 }, () => [{ at: "01:30", setPoint: 18 }]);
    const starts = transitions(repeated, "America/New_York", Date.UTC(2026, 10, 1, 12), 0).map((t) => t.at);
    expect(starts).toEqual([Date.UTC(2026, 10, 1, 5, 30)]);
  });

  it("a day without periods keeps the last period of the day before", () => {
    const sparse: WeekSchedule = [[{ at: "08:00", setPoint: 20 }], [], [], [], [], [], []];
    const { current, next } = periodAt(sparse, "Europe/Stockholm", Date.UTC(2026, 0, 15, 12)); // Thursday
    expect(current?.setPoint).toBe(20);
    expect(next?.at).toBe(Date.UTC(2026, 0, 19, 7)); // Monday 08:00 local
  });
});

describe("learned early start", () => {
  it("reaches the set point within 0.5 °C of the period's start after a few days of history", () => {
    const zone = "Europe/Stockholm";
    const s: RoomSettings = {
      ...DEFAULT_SETTINGS,
      schedule: Array.from({ length: 7 }, () => [
        { at: "06:30", setPoint: 21 },
        { at: "22:00", setPoint: 16 },
      ]),
    };
    const clock = new ManualClock(Date.UTC(2026, 0, 5, 22)); // 23:00 local, in the night setback
    const room = new RoomModel({ ...DEFAULT_ROOM, startC: 16 });
    let st = initialState();
    const atStart: { day: number; c: number; predicted: number | null }[] = [];
    let predicted: number | null = null;
    for (let m = 0; m < 6 * 24 * 60; m++) {
      const d = decide(s, st, zone, clock.now(), { c: room.c, at: clock.now() });
      st = d.state;
      if (d.predictedStart !== null) predicted = d.predictedStart;
      const l = localTime(clock.now(), zone);
      if (l.hour === 6 && l.minute === 30) {
        atStart.push({ day: l.day, c: room.c, predicted });
        predicted = null;
      }
      room.step(MIN, d.heaterOn ? 1 : 0);
      clock.advance(MIN);
    }
    // The first morning has nothing learned: heating starts at 06:30 and the room is still cold.
    expect(atStart[0]!.c).toBeLessThan(20.5);
    expect(atStart[0]!.predicted).toBeNull();
    for (const day of atStart.slice(2)) {
      expect(day.c).toBeGreaterThanOrEqual(20.5);
      expect(day.predicted).not.toBeNull();
      const lead = Date.UTC(2026, 0, day.day, 5, 30) - day.predicted!;
      expect(lead).toBeGreaterThan(20 * MIN);
      expect(lead).toBeLessThan(4 * HOUR);
    }
  });
});
