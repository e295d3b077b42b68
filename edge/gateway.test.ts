import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createEdgeApp } from "./app.ts";
import { buildDeps } from "./deps.ts";
import type { RequestLogEntry } from "./middleware/request-log/index.ts";
import { api, authed, signUpUser } from "./testing/fixtures.ts";

describe("security headers", () => {
  it.each(["/healthz", "/v1/sites", "/v1/nothing"])(
    "are on every answer, errors included (%s)",
    async (path) => {
      const res = await api(path);
      expect(res.headers.get("content-security-policy")).toBe(
        "default-src 'none'; frame-ancestors 'none'; base-uri 'none'",
      );
      expect(res.headers.get("strict-transport-security")).toBe(
        "max-age=63072000; includeSubDomains; preload",
      );
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    },
  );
});

describe("CORS allowlist", () => {
  const deps = buildDeps(env);
  const app = createEdgeApp({
    ...deps,
    config: { ...deps.config, corsOrigins: ["https://app.outpost.test"] },
  });
  const preflight = (origin: string) =>
    app.request(
      "/v1/sites",
      {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "authorization",
        },
      },
      env,
    );

  it("allows a listed origin, with the headers a browser client needs", async () => {
    const res = await preflight("https://app.outpost.test");
    expect(res.headers.get("access-control-allow-origin")).toBe("https://app.outpost.test");
    expect(res.headers.get("access-control-allow-headers")).toContain("authorization");
  });

  it("gives an unlisted origin nothing to read", async () => {
    const res = await preflight("https://evil.example");
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    const simple = await app.request("/healthz", { headers: { origin: "https://evil.example" } }, env);
    expect(simple.headers.get("access-control-allow-origin")).toBeNull();
  });
});

describe("JSON request logs", () => {
  it("log one line per request with request and correlation ids, status, duration and user", async () => {
    const lines: RequestLogEntry[] = [];
    const app = createEdgeApp(buildDeps(env, { log: (e) => lines.push(e) }));
    const user = await signUpUser();
    await app.request(
      "/v1/sites?token=secret",
      authed(user.token, { headers: { "x-correlation-id": "flow-7" } }),
      env,
    );
    await app.request("/v1/sites", {}, env);
    expect(lines).toEqual([
      expect.objectContaining({
        level: "info",
        message: "request",
        method: "GET",
        path: "/v1/sites",
        status: 200,
        correlationId: "flow-7",
        userId: user.id,
        durationMs: expect.any(Number),
        requestId: expect.any(String),
      }),
      expect.objectContaining({ level: "warn", status: 401, path: "/v1/sites" }),
    ]);
    expect(JSON.stringify(lines)).not.toContain("secret");
  });
});

describe("API documents", () => {
  it("serves an OpenAPI 3.1 document generated from the route schemas", async () => {
    const res = await api("/openapi.json");
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<
        string,
        Record<
          string,
          {
            requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
            security?: unknown[];
          }
        >
      >;
    };
    expect(doc.openapi).toBe("3.1.0");
    const signUp = doc.paths["/v1/accounts/sign-up"]!.post!;
    expect(Object.keys(signUp.requestBody!.content["application/json"]!.schema.properties!)).toEqual([
      "email",
      "password",
      "role",
    ]);
    expect(doc.paths["/v1/sites/{siteId}/members"]).toBeDefined();
    expect(doc.paths["/v1/accounts/two-factor/setup"]!.post!.security).toEqual([{ bearer: [] }]);
  });

  it("serves the interactive reference at /docs with its own, still strict, CSP", async () => {
    const res = await api("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("/openapi.json");
    const csp = res.headers.get("content-security-policy")!;
    expect(csp).toContain("connect-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
  });
});

describe("benchmark route", () => {
  it("exists in development only: 404 in test and production", async () => {
    const deps = buildDeps(env);
    const at = (environment: "development" | "test" | "production") =>
      createEdgeApp({ ...deps, config: { ...deps.config, environment } }).request("/bench/bare", {}, env);
    expect((await at("development")).status).toBe(200);
    expect((await at("test")).status).toBe(404);
    expect((await at("production")).status).toBe(404);
    expect((await api("/bench/hash/pbkdf2")).status).toBe(404);
  });
});
