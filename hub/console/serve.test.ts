import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Hono } from "hono";
import { afterAll, describe, expect, it } from "vitest";
import { consoleRoutes } from "./serve.ts";

const dist = mkdtempSync(join(tmpdir(), "outpost-console-"));
mkdirSync(join(dist, "assets"));
writeFileSync(join(dist, "index.html"), "<!doctype html><title>console</title>");
writeFileSync(join(dist, "assets", "app-1.js"), "console.log(1)");
writeFileSync(join(tmpdir(), "outpost-secret.txt"), "secret");

const app = new Hono();
app.get("/api/equipment", (c) => c.json({ equipment: [] }));
app.route("/", consoleRoutes(dist));
app.notFound((c) => c.json({ error: { code: "NOT_FOUND", message: "no route", requestId: "x" } }, 404));
afterAll(() => rmSync(dist, { recursive: true, force: true }));

describe("console static files", () => {
  it("serves assets, falls back to index.html for app paths, and leaves the API alone", async () => {
    const asset = await app.request("/assets/app-1.js");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toContain("text/javascript");
    expect(asset.headers.get("cache-control")).toContain("immutable");

    const page = await app.request("/devices/dev-1", { headers: { accept: "text/html,*/*" } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<title>console</title>");
    expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");

    expect((await app.request("/api/equipment")).status).toBe(200);
    const unknownApi = await app.request("/api/nope");
    expect(unknownApi.status).toBe(404);
    expect(((await unknownApi.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    expect((await app.request("/assets/missing.js")).status).toBe(404);
    expect((await app.request("/devices/dev-1", { headers: { accept: "application/json" } })).status).toBe(
      404,
    );
  });

  it("never serves a file outside its folder", async () => {
    for (const path of [
      "/../outpost-secret.txt",
      "/%2e%2e/outpost-secret.txt",
      "/assets/..%2f..%2foutpost-secret.txt",
    ]) {
      const res = await app.request(path);
      expect(await res.text()).not.toContain("secret");
    }
  });
});
