import { describe, expect, it } from "vitest";
import {
  instantOf,
  isTimeZone,
  localTime,
  startOfLocalDay,
  timeZoneOf,
  timeZoneSchema,
  zoneOffset,
} from "./index.ts";

const H = 3_600_000;
const at = (s: string) => Date.parse(s);
const local = (s: string) => {
  const [date, time] = s.split(" ") as [string, string];
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  return { year, month, day, hour, minute };
};

describe("time zones by name", () => {
  it("accepts IANA names (canonicalised) and refuses others, offsets included", () => {
    expect(timeZoneOf("Europe/Stockholm")).toBe("Europe/Stockholm");
    expect(timeZoneOf("europe/stockholm")).toBe("Europe/Stockholm");
    expect(isTimeZone("America/New_York")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    for (const bad of ["Mars/Olympus_Mons", "+01:00", "", "Europe/Stockholm "])
      expect(isTimeZone(bad)).toBe(false);
    expect(timeZoneSchema.safeParse("Europe/Stockholm").success).toBe(true);
    expect(timeZoneSchema.safeParse("Nowhere").success).toBe(false);
  });
});

describe("wall-clock time of an instant", () => {
  it("reads the local parts on either side of a transition", () => {
    expect(localTime(at("2026-03-29T00:59:59Z"), "Europe/Stockholm")).toMatchObject({ hour: 1, minute: 59 });
    expect(localTime(at("2026-03-29T01:00:00Z"), "Europe/Stockholm")).toMatchObject({
      day: 29,
      hour: 3,
      minute: 0,
    });
    expect(localTime(at("2026-11-01T05:30:00.250Z"), "America/New_York")).toEqual({
      ...local("2026-11-01 01:30"),
      second: 0,
      millisecond: 250,
    });
    expect(zoneOffset(at("2026-07-01T12:00:00Z"), "Europe/Stockholm")).toBe(2 * H);
    expect(zoneOffset(at("2026-01-01T12:00:00Z"), "America/New_York")).toBe(-5 * H);
  });
});

describe("the instant of a local time", () => {
  it("round-trips an ordinary time", () => {
    const t = instantOf({ ...local("2026-06-15 08:45"), second: 12, millisecond: 7 }, "Europe/Stockholm");
    expect(t).toBe(at("2026-06-15T06:45:12.007Z"));
    expect(localTime(t, "Europe/Stockholm")).toMatchObject({
      hour: 8,
      minute: 45,
      second: 12,
      millisecond: 7,
    });
  });

  // Clocks go 02:00 → 03:00 on 29 March 2026 in Stockholm and 8 March 2026 in New York.
  it.each([
    ["Europe/Stockholm", "2026-03-29 02:30", "2026-03-29T01:30:00Z", "2026-03-29T00:30:00Z"],
    ["America/New_York", "2026-03-08 02:30", "2026-03-08T07:30:00Z", "2026-03-08T06:30:00Z"],
  ])("in %s, %s is skipped: forward by the gap unless asked otherwise", (zone, wall, later, earlier) => {
    expect(instantOf(local(wall), zone)).toBe(at(later));
    expect(instantOf(local(wall), zone, "later")).toBe(at(later));
    expect(instantOf(local(wall), zone, "earlier")).toBe(at(earlier));
    expect(localTime(instantOf(local(wall), zone), zone)).toMatchObject({ hour: 3, minute: 30 });
    expect(() => instantOf(local(wall), zone, "reject")).toThrow(/does not happen/);
  });

  // Clocks go 03:00 → 02:00 on 25 October 2026 in Stockholm, 02:00 → 01:00 on 1 November 2026 in New York.
  it.each([
    ["Europe/Stockholm", "2026-10-25 02:30", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z"],
    ["America/New_York", "2026-11-01 01:30", "2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z"],
  ])("in %s, %s happens twice: the first unless asked otherwise", (zone, wall, first, second) => {
    expect(instantOf(local(wall), zone)).toBe(at(first));
    expect(instantOf(local(wall), zone, "earlier")).toBe(at(first));
    expect(instantOf(local(wall), zone, "later")).toBe(at(second));
    expect(localTime(at(second), zone)).toMatchObject(local(wall));
    expect(() => instantOf(local(wall), zone, "reject")).toThrow(/happens twice/);
  });

  it("is exact right beside a transition", () => {
    expect(instantOf(local("2026-03-29 03:00"), "Europe/Stockholm")).toBe(at("2026-03-29T01:00:00Z"));
    expect(instantOf(local("2026-03-29 01:59"), "Europe/Stockholm")).toBe(at("2026-03-29T00:59:00Z"));
    expect(instantOf(local("2026-11-01 02:00"), "America/New_York")).toBe(at("2026-11-01T07:00:00Z"));
  });
});

describe("start of the local day", () => {
  it.each([
    ["Europe/Stockholm", "2026-03-29T12:00:00Z", "2026-03-28T23:00:00Z", 23],
    ["Europe/Stockholm", "2026-10-25T12:00:00Z", "2026-10-24T22:00:00Z", 25],
    ["America/New_York", "2026-03-08T12:00:00Z", "2026-03-08T05:00:00Z", 23],
    ["America/New_York", "2026-11-01T12:00:00Z", "2026-11-01T04:00:00Z", 25],
  ])("in %s, the day holding %s starts at %s and lasts %i hours", (zone, instant, start, hours) => {
    const begins = startOfLocalDay(at(instant), zone);
    expect(begins).toBe(at(start));
    expect(startOfLocalDay(begins, zone)).toBe(begins);
    expect(startOfLocalDay(begins - 1, zone)).toBeLessThan(begins);
    expect(startOfLocalDay(begins + hours * H, zone) - begins).toBe(hours * H);
  });

  it("is the first time that exists when midnight itself is skipped", () => {
    // Santiago springs forward at midnight: 6 September 2026 begins at 01:00 local.
    const begins = startOfLocalDay(at("2026-09-06T15:00:00Z"), "America/Santiago");
    expect(localTime(begins, "America/Santiago")).toMatchObject({ day: 6, hour: 1, minute: 0 });
  });
});
