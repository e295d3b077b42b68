/** Which client address the edge counts by: cf-connecting-ip only where something trusted wrote it. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createEdgeApp } from "./app.ts";
import { buildDeps } from "./deps.ts";
import { isLocalHost, publicHostRefusal } from "./local-hosts.ts";

// Two sign-up-or-reset calls per address, so the third tells whether the addresses were counted apart.
function appIn(environment: "development" | "test" | "production") {
  const deps = buildDeps(env);
  return createEdgeApp({
    ...deps,
    config: { ...deps.config, environment },
    rateLimitConfig: { ...deps.rateLimitConfig, authPerIp: { limit: 2, windowMs: 60_000 } },
  });
}

const reset = (app: ReturnType<typeof appIn>, ip: string) =>
  app.request(
    "/v1/accounts/password-reset",
    {
      method: "POST",
      headers: { "content-type": "application/json", "cf-connecting-ip": ip },
      body: JSON.stringify({ email: `nobody-${crypto.randomUUID()}@example.test` }),
    },
    env,
  );

describe("the client's address", () => {
  it("under wrangler dev (development), a forged cf-connecting-ip buys no fresh budget: one shared bucket", async () => {
    const app = appIn("development");
    const statuses = [];
    for (const ip of ["198.51.100.1", "198.51.100.2", "198.51.100.3"])
      statuses.push((await reset(app, ip)).status);
    expect(statuses.slice(0, 2).every((s) => s < 300)).toBe(true);
    expect(statuses[2]).toBe(429);
  });

  it("behind Cloudflare (production, test pool) the header is the client's: addresses are counted apart", async () => {
    const app = appIn("test");
    for (const ip of ["198.51.100.11", "198.51.100.12", "198.51.100.13"]) {
      expect((await reset(app, ip)).status).toBeLessThan(300);
    }
    expect((await reset(app, "198.51.100.11")).status).toBeLessThan(300);
    expect((await reset(app, "198.51.100.11")).status).toBe(429);
  });

  it("local hosts: reserved names and loopback, private and link-local addresses only", () => {
    for (const host of [
      "localhost",
      "app.localhost",
      "outpost.test",
      "127.0.0.1",
      "10.1.2.3",
      "192.168.1.20",
    ]) {
      expect(isLocalHost(host), host).toBe(true);
    }
    for (const host of ["172.16.0.1", "169.254.1.1", "[::1]", "[fd12:3456::1]", "[fe80::1]"]) {
      expect(isLocalHost(host), host).toBe(true);
    }
    for (const host of [
      "outpost.workers.dev",
      "app.example.com",
      "8.8.8.8",
      "172.32.0.1",
      "[2606:4700::1]",
    ]) {
      expect(isLocalHost(host), host).toBe(false);
    }
    expect(isLocalHost("localhost.example.com")).toBe(false);
    expect(isLocalHost("test.example.com")).toBe(false);
  });

  it("a development configuration answers only on a local host and, under Deno, to a local peer", async () => {
    // The Worker: Cloudflare routes by host, so the host alone decides.
    expect(publicHostRefusal("development", "http://localhost:8787/healthz")).toBeNull();
    expect(publicHostRefusal("production", "https://app.example.com/healthz")).toBeNull();
    expect(publicHostRefusal("development", "https://outpost.workers.dev/healthz")?.status).toBe(503);
    // Deno, served directly: a client on the internet claiming `localhost` in its Host header is refused.
    expect(publicHostRefusal("test", "http://localhost:8000/healthz", "127.0.0.1")).toBeNull();
    expect(publicHostRefusal("test", "http://localhost:8000/healthz", "::1")).toBeNull();
    expect(publicHostRefusal("test", "http://localhost:8000/healthz", "::ffff:192.168.1.9")).toBeNull();
    expect(publicHostRefusal("test", "http://localhost:8000/healthz", "203.0.113.7")?.status).toBe(503);
    expect(publicHostRefusal("test", "http://localhost:8000/healthz", "2606:4700::1")?.status).toBe(503);
    expect(publicHostRefusal("production", "http://localhost:8000/healthz", "203.0.113.7")).toBeNull();
    const refused = publicHostRefusal("test", "http://app.example.com/healthz", "127.0.0.1")!;
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("SERVICE_UNAVAILABLE");
  });
});
