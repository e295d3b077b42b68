import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { exportJWK, generateKeyPair } from "jose";
import { describe, expect, it } from "vitest";
import { buildDeps } from "./deps.ts";
import worker, { type Env } from "./index.ts";

async function fetchAs(vars: Partial<Env>, path: string, origin = "https://outpost.test"): Promise<Response> {
  const ctx = createExecutionContext();
  // A fresh env object: the entry caches its wiring per env object, as per isolate in production.
  const res = await worker.fetch(new Request(`${origin}${path}`), { ...env, ...vars } as Env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

async function productionSecrets(): Promise<Partial<Env>> {
  const { privateKey } = await generateKeyPair("ES256", { extractable: true });
  const dataKey = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
  return {
    ACCOUNTS_SIGNING_JWK: JSON.stringify(await exportJWK(privateKey)),
    ACCOUNTS_DATA_KEY: dataKey,
    EMAIL_PROVIDER: "resend",
    RESEND_API_KEY: "re_test_key",
  };
}

// The test pool points billing at the Stripe emulator; production refuses that, so it is cleared here
// (an empty var counts as unset) and put back only where the refusal is the point.
const PRODUCTION = {
  ENVIRONMENT: "production",
  CORS_ORIGINS: "https://owner.example",
  APP_URL: "https://owner.example",
  STRIPE_API_BASE: "",
};

describe("production configuration", () => {
  it("refuses to serve without its secrets: 503 in the error shape, reason only in the log", async () => {
    expect(() => buildDeps({ ...env, ...PRODUCTION })).toThrow(/ACCOUNTS_SIGNING_JWK/);
    const res = await fetchAs(PRODUCTION, "/healthz");
    expect(res.status).toBe(503);
    const body = (await res.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe("SERVICE_UNAVAILABLE");
    expect(body.error.message).not.toContain("ACCOUNTS");
    // One secret is not enough either, nor all of them with the capture mailer (it sends nothing).
    const { ACCOUNTS_SIGNING_JWK, ...rest } = await productionSecrets();
    expect((await fetchAs({ ...PRODUCTION, ACCOUNTS_SIGNING_JWK }, "/healthz")).status).toBe(503);
    expect(
      (await fetchAs({ ...PRODUCTION, ...rest, ACCOUNTS_SIGNING_JWK, EMAIL_PROVIDER: "capture" }, "/healthz"))
        .status,
    ).toBe(503);
    // Every secret, but billing still aimed at the Stripe emulator.
    expect(
      (
        await fetchAs(
          { ...PRODUCTION, ...rest, ACCOUNTS_SIGNING_JWK, STRIPE_API_BASE: env.STRIPE_API_BASE },
          "/healthz",
        )
      ).status,
    ).toBe(503);
    // Every secret, but no APP_URL: mailed links and the Checkout return would point nowhere.
    expect(() => buildDeps({ ...env, ...PRODUCTION, ...rest, ACCOUNTS_SIGNING_JWK, APP_URL: "" })).toThrow(
      /production requires APP_URL/,
    );
    expect(
      (await fetchAs({ ...PRODUCTION, ...rest, ACCOUNTS_SIGNING_JWK, APP_URL: "" }, "/healthz")).status,
    ).toBe(503);
  });

  it("serves with its secrets, and has no /bench routes", async () => {
    const vars = { ...PRODUCTION, ...(await productionSecrets()) };
    expect((await fetchAs(vars, "/healthz")).status).toBe(200);
    expect((await fetchAs(vars, "/bench/bare")).status).toBe(404);
    expect((await fetchAs(vars, "/bench/hash/pbkdf2")).status).toBe(404);
  });

  it("serves on a public host only with the production configuration: a plain `wrangler deploy` is refused", async () => {
    const secrets = await productionSecrets();
    const publicHost = "https://outpost.example.workers.dev";
    for (const ENVIRONMENT of ["development", "test"]) {
      const res = await fetchAs({ ENVIRONMENT }, "/healthz", publicHost);
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(
        /--env production/,
      );
    }
    // The same development configuration on the developer's machine and LAN.
    for (const origin of ["http://localhost:8787", "http://127.0.0.1:8787", "http://192.168.1.20:8787"]) {
      expect((await fetchAs({ ENVIRONMENT: "development" }, "/healthz", origin)).status).toBe(200);
    }
    expect((await fetchAs({ ...PRODUCTION, ...secrets }, "/healthz", publicHost)).status).toBe(200);
  });
});
