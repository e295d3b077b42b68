import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import { createClaimCode, createSite, sitesSchema } from "../cloud/sites/index.ts";
import { ManualClock } from "../shared/clock/index.ts";
import { createEdgeApp } from "./app.ts";
import { buildDeps } from "./deps.ts";
import worker from "./index.ts";
import { api, signUpUser } from "./testing/fixtures.ts";

describe("edge app", () => {
  it("answers /healthz", async () => {
    const res = await api("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("generates request and correlation ids and echoes them", async () => {
    const res = await api("/healthz");
    const requestId = res.headers.get("x-request-id");
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("x-correlation-id")).toBe(requestId);
  });

  it("keeps well-formed caller ids and replaces malformed ones", async () => {
    const kept = await api("/healthz", {
      headers: { "x-request-id": "req-123", "x-correlation-id": "flow:42" },
    });
    expect(kept.headers.get("x-request-id")).toBe("req-123");
    expect(kept.headers.get("x-correlation-id")).toBe("flow:42");
    const replaced = await api("/healthz", { headers: { "x-request-id": "bad id\twith<html>" } });
    expect(replaced.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("answers unknown routes with 404 in the error shape", async () => {
    const res = await api("/v1/nothing-here", { headers: { "x-request-id": "req-404" } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: "NOT_FOUND", message: "no route for GET /v1/nothing-here", requestId: "req-404" },
    });
  });

  it("answers errors with the request id in body and header", async () => {
    const res = await api("/v1/sites", { headers: { "x-request-id": "req-401" } });
    expect(res.status).toBe(401);
    expect(res.headers.get("x-request-id")).toBe("req-401");
    expect(((await res.json()) as { error: { requestId: string } }).error.requestId).toBe("req-401");
  });

  it("logs unknown errors and answers a generic 500 that leaks nothing", async () => {
    const app = createEdgeApp(buildDeps(env));
    app.get("/boom", () => {
      throw new Error("db password is hunter2");
    });
    const res = await app.request("/boom", { headers: { "x-request-id": "req-500" } }, env);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      error: { code: "INTERNAL", message: "Internal error", requestId: "req-500" },
    });
    expect(text).not.toContain("hunter2");
  });

  it("answers CORS preflights and exposes the id headers", async () => {
    const res = await api("/v1/sites", {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-headers")).toContain("authorization");
    const simple = await api("/healthz", { headers: { origin: "https://app.example" } });
    expect(simple.headers.get("access-control-expose-headers")).toContain("x-request-id");
  });

  it("only allows listed origins when CORS_ORIGINS names them", async () => {
    const app = createEdgeApp(buildDeps({ ...env, CORS_ORIGINS: "https://owner.example" }));
    const allowed = await app.request("/healthz", { headers: { origin: "https://owner.example" } }, env);
    const other = await app.request("/healthz", { headers: { origin: "https://evil.example" } }, env);
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://owner.example");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("refuses to start in production without a signing key", () => {
    expect(() =>
      buildDeps({ ...env, ENVIRONMENT: "production", CORS_ORIGINS: "https://owner.example" }),
    ).toThrow(/ACCOUNTS_SIGNING_JWK/);
  });

  it("purges expired unused claim codes on the cron trigger", async () => {
    const owner = await signUpUser();
    const db = drizzle(env.SITES_DB, { schema: sitesSchema });
    const past = new ManualClock(Date.now() - 2 * 24 * 60 * 60_000);
    const site = await createSite({ db, clock: past }, { userId: owner.id, name: "Old shop" });
    await createClaimCode({ db, clock: past }, { siteId: site.id, userId: owner.id });

    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController(), env, ctx);
    await waitOnExecutionContext(ctx);
    const left = await env.SITES_DB.prepare("SELECT count(*) AS n FROM claim_codes WHERE site_id = ?")
      .bind(site.id)
      .first();
    expect(left).toEqual({ n: 0 });
  });
});
