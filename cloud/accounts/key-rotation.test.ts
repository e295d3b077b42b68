import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { decodeProtectedHeader } from "jose";
import { describe, expect, it } from "vitest";
import { api, authed, jsonInit, signUpUser } from "../../edge/testing/fixtures.ts";
import { ManualClock, systemClock } from "../../shared/clock/index.ts";
import * as schema from "./schema.ts";
import { createKeyRing, KEY_PREPUBLISH_MS, RETIRED_KEY_PUBLISHED_MS } from "./signing-keys.ts";
import { createAccessTokenVerifier, issueAccessToken } from "./tokens.ts";
import { grantRole } from "./users.ts";

const db = () => drizzle(env.ACCOUNTS_DB, { schema });
const someone = { id: "u-rot", email: "rot@example.test", roles: [] };

async function signedInAdmin() {
  const user = await signUpUser();
  await grantRole({ db: db(), clock: systemClock }, { userId: user.id, role: "admin" });
  const res = await api(
    "/v1/accounts/sign-in",
    jsonInit("POST", { email: user.email, password: user.password }),
  );
  return { ...user, token: ((await res.json()) as { accessToken: string }).accessToken };
}

describe("signing key rotation", () => {
  it("is admin-only", async () => {
    const owner = await signUpUser();
    const res = await api("/v1/admin/signing-keys/rotate", { method: "POST", ...authed(owner.token) });
    expect(res.status).toBe(403);
  });

  it("publishes the next key at once, before it signs, and keeps current tokens valid", async () => {
    const admin = await signedInAdmin();
    const oldKid = decodeProtectedHeader(admin.token).kid;
    const res = await api("/v1/admin/signing-keys/rotate", { method: "POST", ...authed(admin.token) });
    expect(res.status).toBe(200);
    const { kid, retiredKid } = (await res.json()) as { kid: string; retiredKid: string };
    expect(retiredKid).toBe(oldKid);
    expect(kid).not.toBe(oldKid);
    const jwks = (await (await api("/.well-known/jwks.json")).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual([kid, oldKid]);
    expect((await api("/v1/sites", authed(admin.token))).status).toBe(200);
  });

  it("switches kid at activation; a verifier that cached the old JWKS accepts the new key's first token", async () => {
    const clock = new ManualClock(Date.now());
    const ring = createKeyRing({ db: db(), clock });
    const verifier = createAccessTokenVerifier({ loadJwks: () => ring.jwks(), clock });
    const before = await ring.signingKey();
    await verifier.verify((await issueAccessToken(before, someone, clock.now())).accessToken);

    const { kid } = await ring.rotate();
    expect((await ring.signingKey()).kid).toBe(before.kid);
    clock.advance(KEY_PREPUBLISH_MS);
    const after = await ring.signingKey();
    expect(after.kid).toBe(kid);
    const token = (await issueAccessToken(after, someone, clock.now())).accessToken;
    expect(await verifier.verify(token)).toMatchObject({ id: someone.id });
  });

  it("drops a retired key from the JWKS once its last token has expired (injected clock)", async () => {
    const clock = new ManualClock(Date.now());
    const ring = createKeyRing({ db: db(), clock });
    const before = (await ring.signingKey()).kid;
    await ring.rotate();
    clock.advance(KEY_PREPUBLISH_MS);
    expect((await ring.jwks()).keys.map((k) => k.kid)).toContain(before);
    clock.advance(RETIRED_KEY_PUBLISHED_MS + 1);
    expect((await ring.jwks()).keys.map((k) => k.kid)).not.toContain(before);
  });
});
