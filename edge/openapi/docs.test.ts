import { describe, expect, it } from "vitest";
import { api } from "../testing/fixtures.ts";

describe("/docs", () => {
  it("is the Worker's own page: its viewer and styles come from this origin, nothing from a CDN", async () => {
    const page = await (await api("/docs")).text();
    expect(page).not.toMatch(/https?:\/\//);
    for (const [path, type] of [
      ["/docs/viewer.js", "text/javascript"],
      ["/docs/viewer.css", "text/css"],
    ] as const) {
      expect(page).toContain(path);
      const res = await api(path);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toContain(type);
      expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
      expect(await res.text()).not.toMatch(/https?:\/\//);
    }
  });
});
