import { describe, expect, it } from "vitest";
import { ApiError, errorText } from "./api.ts";
import { formatAgo, formatTemp, formatTime } from "./format.ts";

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
