/** APP_URL: what development falls back to, and that production has no fallback. */
import { describe, expect, it } from "vitest";
import { DEVELOPMENT_APP_URL, readConfig } from "./index.ts";

describe("APP_URL", () => {
  it("is the address given, in development as in production", () => {
    expect(readConfig({ APP_URL: "http://127.0.0.1:9123" }).appUrl).toBe("http://127.0.0.1:9123");
  });

  it("falls back to wrangler dev's own address in development only", () => {
    expect(readConfig({}).appUrl).toBe(DEVELOPMENT_APP_URL);
    expect(readConfig({ ENVIRONMENT: "test", APP_URL: "" }).appUrl).toBe(DEVELOPMENT_APP_URL);
    expect(() => readConfig({ ENVIRONMENT: "production", CORS_ORIGINS: "https://owner.example" })).toThrow(
      /production requires APP_URL/,
    );
  });
});
