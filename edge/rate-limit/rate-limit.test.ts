import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createEdgeApp } from "../app.ts";
import { buildDeps } from "../deps.ts";
import { api, authed, jsonInit, signUpUser } from "../testing/fixtures.ts";

const signIn = (email: string, password: string, ip?: string) =>
  api("/v1/accounts/sign-in", {
    ...jsonInit("POST", { email, password }),
    headers: { "content-type": "application/json", ...(ip ? { "cf-connecting-ip": ip } : {}) },
  });

describe("sign-in brute force", () => {
  it("answers 429 with Retry-After after ten attempts on one account, from any IPs, right password or not", async () => {
    const user = await signUpUser();
    // The fixture's own sign-in was the first of the ten.
    for (let i = 0; i < 9; i++) expect((await signIn(user.email, `wrong password ${i}`)).status).toBe(401);
    const blocked = await signIn(user.email.toUpperCase(), user.password);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    const body = (await blocked.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe("RATE_LIMITED");
    expect(body.error.requestId).toBe(blocked.headers.get("x-request-id"));
    // Another account is not affected.
    const other = await signUpUser();
    expect((await signIn(other.email, other.password)).status).toBe(200);
  });

  it("limits one IP across many accounts (30 per 10 minutes)", async () => {
    const ip = "192.0.2.77";
    for (let i = 0; i < 30; i++) {
      expect((await signIn(`nobody-${i}@example.test`, "whatever pw", ip)).status).toBe(401);
    }
    expect((await signIn("nobody-else@example.test", "whatever pw", ip)).status).toBe(429);
    expect((await signIn("nobody-else@example.test", "whatever pw", "192.0.2.78")).status).toBe(401);
  });
});

describe("the sliding window counter", () => {
  it("refuses over the limit and admits again as the window slides", async () => {
    const limiter = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(`window-${crypto.randomUUID()}`));
    const rule = { limit: 3, windowMs: 1000 };
    const t0 = 10_000;
    for (let i = 0; i < 3; i++) expect((await limiter.hit(rule, t0 + i)).allowed).toBe(true);
    const refused = await limiter.hit(rule, t0 + 500);
    expect(refused).toMatchObject({ allowed: false, remaining: 0 });
    expect(refused.retryAfterS).toBeGreaterThanOrEqual(1);
    // Half way into the next window, half of the previous window's 3 hits still count: 1.5 + 1 ≤ 3.
    expect((await limiter.hit(rule, t0 + 1500)).allowed).toBe(true);
    expect((await limiter.hit(rule, t0 + 3000)).allowed).toBe(true);
  });
});

describe("API per token", () => {
  it("answers 429 once a token's budget is spent", async () => {
    const deps = buildDeps(env);
    const app = createEdgeApp({
      ...deps,
      rateLimitConfig: { ...deps.rateLimitConfig, apiPerToken: { limit: 3, windowMs: 60_000 } },
    });
    const user = await signUpUser();
    for (let i = 0; i < 3; i++)
      expect((await app.request("/v1/sites", authed(user.token), env)).status).toBe(200);
    const res = await app.request("/v1/sites", authed(user.token), env);
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).not.toBeNull();
  });
});
