import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { api, createSite, signUpUser, type TestUser } from "./testing/fixtures.ts";

// Every table a write route could touch, counted before and after each refused request.
const TABLES: [D1Database, string][] = [
  [env.ACCOUNTS_DB, "users"],
  [env.ACCOUNTS_DB, "user_roles"],
  [env.ACCOUNTS_DB, "refresh_tokens"],
  [env.ACCOUNTS_DB, "sign_in_challenges"],
  [env.ACCOUNTS_DB, "password_resets"],
  [env.ACCOUNTS_DB, "owner_profiles"],
  [env.ACCOUNTS_DB, "crew_skills"],
  [env.ACCOUNTS_DB, "organisations"],
  [env.SITES_DB, "sites"],
  [env.SITES_DB, "site_members"],
  [env.SITES_DB, "spaces"],
  [env.SITES_DB, "site_invites"],
  [env.SITES_DB, "claim_codes"],
  [env.NOTIFICATIONS_DB, "email_outbox"],
];

async function counts(): Promise<number[]> {
  return Promise.all(
    TABLES.map(
      async ([db, t]) => (await db.prepare(`SELECT count(*) AS n FROM ${t}`).first<{ n: number }>())!.n,
    ),
  );
}

let owner: TestUser;
let siteId: string;
beforeAll(async () => {
  owner = await signUpUser();
  siteId = await createSite(owner);
});

const NOT_JSON = Symbol("not json");
const cases: [string, string, unknown][] = [
  ["POST", "/v1/accounts/sign-up", { email: "fine@example.test", password: 12345678 }],
  ["POST", "/v1/accounts/sign-up", { email: "fine@example.test", password: "long enough", role: "admin" }],
  ["POST", "/v1/accounts/sign-up", NOT_JSON],
  ["POST", "/v1/accounts/sign-in", { email: ["a@b.test"], password: "x" }],
  ["POST", "/v1/accounts/sign-in/two-factor", { challengeToken: "x", code: "12345a" }],
  ["POST", "/v1/accounts/refresh", { refreshToken: "" }],
  ["POST", "/v1/accounts/password-reset", { email: "not-an-email" }],
  ["POST", "/v1/accounts/password-reset/confirm", { token: "short", newPassword: "long enough" }],
  ["POST", "/v1/accounts/password", { currentPassword: "x".repeat(300), newPassword: "long enough" }],
  ["PUT", "/v1/profiles/owner", { displayName: "" }],
  ["POST", "/v1/organisations", { kind: "BAND", name: "X", orgNumber: "123", email: "a@b.test" }],
  ["POST", "/v1/sites", { name: "   " }],
  ["PATCH", "/v1/sites/:site", NOT_JSON],
  ["POST", "/v1/sites/:site/spaces", { name: 42 }],
  ["POST", "/v1/sites/:site/invites", { email: "a@b.test", role: "KING" }],
  ["PATCH", "/v1/sites/:site/members/:owner", { role: "owner" }],
  ["POST", "/v1/invites/accept", {}],
  ["POST", "/v1/hubs/claim", { code: "ABCD", publicKey: { kty: "RSA" } }],
];

describe("bad input", () => {
  it.each(cases)("%s %s %o → 400 in the one error shape, nothing written", async (method, template, body) => {
    const path = template.replace(":site", siteId).replace(":owner", owner.id);
    const before = await counts();
    const res = await api(path, {
      method,
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${owner.token}`,
        "x-request-id": "bad-1",
      },
      body: body === NOT_JSON ? "{not json" : JSON.stringify(body),
    });
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: Record<string, unknown> };
    expect(Object.keys(json)).toEqual(["error"]);
    expect(json.error).toMatchObject({
      code: "VALIDATION_ERROR",
      message: expect.any(String),
      requestId: "bad-1",
    });
    expect(
      Object.keys(json.error).every((k) => ["code", "message", "details", "requestId"].includes(k)),
    ).toBe(true);
    expect(await counts()).toEqual(before);
  });
});
