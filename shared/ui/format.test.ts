import { describe, expect, it } from "vitest";
import { ApiError, errorText, plain, refusalText } from "./api.ts";
import {
  alarmKindText,
  alarmStatusText,
  formatAgo,
  formatDuration,
  formatTemp,
  formatTime,
  personName,
  words,
} from "./format.ts";

describe("formatting for people", () => {
  it("shows temperatures with their unit and one decimal", () => {
    expect(formatTemp(3.25)).toBe("3.3 °C");
    expect(formatTemp(0, "F")).toBe("32.0 °F");
    expect(formatTemp(null)).toBe("—");
  });

  it("shows times in the site's zone, not the machine's", () => {
    const t = Date.UTC(2026, 0, 15, 12, 0);
    expect(formatTime(t, "Asia/Tokyo")).toMatch(/\b(21|9):00/);
    expect(formatTime(t, "America/New_York")).toMatch(/\b0?7:00/);
    expect(formatTime(null)).toBe("—");
  });

  it("says how long ago", () => {
    const now = Date.UTC(2026, 0, 15, 12, 0);
    expect(formatAgo(now - 10_000, now)).toBe("just now");
    expect(formatAgo(now - 5 * 60_000, now)).toContain("5");
    expect(formatAgo(null, now)).toBe("never");
  });

  it("turns the API's error shape into its own words, naming the wrong fields", () => {
    const err = new ApiError("VALIDATION_ERROR", "invalid body", 400, [
      { path: ["email"], message: "Invalid email" },
    ]);
    expect(errorText(err)).toBe("invalid body (email: Invalid email)");
    expect(errorText(new ApiError("FORBIDDEN", "not a member of this site", 403))).toBe(
      "not a member of this site",
    );
  });
});

describe("words, not enums", () => {
  it("puts the hub's refusal, the one error shape, in a sentence: never raw JSON", () => {
    const refusal = { code: "CONFLICT", message: "only a cleared alarm can be closed; this one is RAISED" };
    expect(refusalText(refusal)).toBe(
      "That cannot be done now: only a cleared alarm can be closed; this one is raised.",
    );
    expect(refusalText({ error: refusal })).toBe(refusalText(refusal));
    expect(refusalText(null)).toBe("Refused, with no reason given.");
    expect(errorText(new ApiError("CONFLICT", refusal.message, 409))).toBe(refusalText(refusal));
  });

  it("names a rate limit's wait and keeps acronyms", () => {
    const err = new ApiError("RATE_LIMITED", "too many attempts", 429, { retryAfterSeconds: 300 });
    expect(errorText(err)).toBe("too many attempts. Try again in 5 min.");
    expect(plain("bad JSON body for HIGH_TEMPERATURE")).toBe("bad JSON body for high temperature");
  });

  it("says durations in hours and minutes, statuses and kinds in words, people by name", () => {
    expect(formatDuration(43_180.3 * 60_000)).toBe("29 days 23 h");
    expect(formatDuration(65 * 60_000)).toBe("1 h 5 min");
    expect(formatDuration(10_000)).toBe("under a minute");
    expect(alarmKindText("HIGH_TEMPERATURE")).toBe("Too warm");
    expect(alarmStatusText("CLEARED")).toBe("Back in range, to be closed");
    expect(words("ACTIVE")).toBe("active");
    expect(personName("Olga Owner (01a25169-0000-7000-8000-000000000000)")).toBe("Olga Owner");
    expect(personName("tech")).toBe("tech");
  });
});
