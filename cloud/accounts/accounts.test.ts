import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import {
  createLocalJWKSet,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
} from "jose";
import { describe, expect, it } from "vitest";
import { api, authed, jsonInit, signUpUser } from "../../edge/testing/fixtures.ts";
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from "../../shared/access-token/index.ts";
import { ManualClock } from "../../shared/clock/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import * as schema from "./schema.ts";
import { createKeyRing } from "./signing-keys.ts";
import { createAccessTokenVerifier, issueAccessToken } from "./tokens.ts";

const freshEmail = () => `Someone-${uuidv7()}@Example.TEST`;

describe("sign-up and sign-in", () => {
  it("signs up with a normalised email; sign-in returns a 15-minute access token", async () => {
    const email = freshEmail();
    const res = await api(
      "/v1/accounts/sign-up",
      jsonInit("POST", { email: `  ${email} `, password: "long enough pw" }),
    );
    expect(res.status).toBe(202);
    const signIn = await api("/v1/accounts/sign-in", jsonInit("POST", { email, password: "long enough pw" }));
    const body = (await signIn.json()) as { user: { email: string }; accessToken: string; expiresIn: number };
    expect(body.user.email).toBe(email.toLowerCase());
    expect(body.expiresIn).toBe(900);
    expect(body.accessToken.split(".")).toHaveLength(3);
  });

  it("answers an existing email, whatever its case, exactly like a new one, and keeps the first password", async () => {
    const email = freshEmail();
    const first = await api("/v1/accounts/sign-up", jsonInit("POST", { email, password: "long enough pw" }));
    const again = await api(
      "/v1/accounts/sign-up",
      jsonInit("POST", { email: email.toUpperCase(), password: "x".repeat(12) }),
    );
    expect(again.status).toBe(first.status);
    expect(await again.json()).toEqual(await first.json());
    expect(again.headers.get("content-type")).toBe(first.headers.get("content-type"));
    const signIn = (password: string) => api("/v1/accounts/sign-in", jsonInit("POST", { email, password }));
    expect((await signIn("x".repeat(12))).status).toBe(401);
    expect((await signIn("long enough pw")).status).toBe(200);
  });

  it.each([
    { email: "not-an-email", password: "long enough pw" },
    { email: "a@b.test", password: "short" },
    { password: "long enough pw" },
  ])("refuses bad input with 400 VALIDATION_ERROR (%o)", async (input) => {
    const res = await api("/v1/accounts/sign-up", jsonInit("POST", input));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: unknown[]; requestId: string } };
    expect(body.error.code).toBe("VALIDATION_ERROR");
    expect(body.error.details.length).toBeGreaterThan(0);
    expect(body.error.requestId).toBe(res.headers.get("x-request-id"));
  });

  it("refuses a body that is not JSON with 400", async () => {
    const res = await api("/v1/accounts/sign-in", {
      method: "POST",
      body: "{nope",
      headers: { "content-type": "application/json" },
    });
    expect(res.status).toBe(400);
  });

  it("signs in with the right password, in any email case", async () => {
    const user = await signUpUser();
    const res = await api(
      "/v1/accounts/sign-in",
      jsonInit("POST", { email: user.email.toUpperCase(), password: user.password }),
    );
    expect(res.status).toBe(200);
    expect(((await res.json()) as { user: { id: string } }).user.id).toBe(user.id);
  });

  it("answers a wrong password and an unknown email alike: 401 with the same message", async () => {
    const user = await signUpUser();
    const wrong = await api(
      "/v1/accounts/sign-in",
      jsonInit("POST", { email: user.email, password: "wrong password" }),
    );
    const unknown = await api(
      "/v1/accounts/sign-in",
      jsonInit("POST", { email: freshEmail(), password: user.password }),
    );
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = (await wrong.json()) as { error: { code: string; message: string } };
    const b = (await unknown.json()) as { error: { code: string; message: string } };
    expect(a.error.code).toBe("UNAUTHORIZED");
    expect(a.error.message).toBe(b.error.message);
  });
});

describe("access tokens and JWKS", () => {
  it("publishes a JWKS that verifies issued tokens (kid, ES256, issuer, audience)", async () => {
    const user = await signUpUser();
    const jwks = await (await api("/.well-known/jwks.json")).json();
    const { kid, alg } = decodeProtectedHeader(user.token);
    expect(alg).toBe("ES256");
    expect((jwks as { keys: { kid: string; d?: string }[] }).keys).toEqual([
      expect.objectContaining({ kid }),
    ]);
    expect(JSON.stringify(jwks)).not.toContain('"d"');
    const { payload } = await jwtVerify(user.token, createLocalJWKSet(jwks as never), {
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
    });
    expect(payload.sub).toBe(user.id);
    expect(payload.exp! - payload.iat!).toBe(900);
  });

  it("lets the edge admit a valid token and refuse a tampered one", async () => {
    const user = await signUpUser();
    expect((await api("/v1/sites", authed(user.token))).status).toBe(200);

    const [header, payload, signature] = user.token.split(".") as [string, string, string];
    const claims = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/")));
    const forgedPayload = btoa(JSON.stringify({ ...claims, sub: "someone-else" })).replace(/=+$/, "");
    const tampered = await api("/v1/sites", authed(`${header}.${forgedPayload}.${signature}`));
    expect(tampered.status).toBe(401);
    expect(((await tampered.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
  });

  it("refuses a token signed by another key under the same kid", async () => {
    const user = await signUpUser();
    const { kid } = decodeProtectedHeader(user.token);
    const rogue = await generateKeyPair("ES256");
    const forged = await new SignJWT({ email: user.email })
      .setProtectedHeader({ alg: "ES256", kid: kid! })
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(ACCESS_TOKEN_AUDIENCE)
      .setSubject(user.id)
      .setIssuedAt()
      .setExpirationTime("10m")
      .sign(rogue.privateKey);
    expect((await api("/v1/sites", authed(forged))).status).toBe(401);
  });

  it("refuses requests without a token", async () => {
    const res = await api("/v1/sites");
    expect(res.status).toBe(401);
  });

  it("refuses expired tokens (injected clock)", async () => {
    const clock = new ManualClock(Date.now());
    const keys = createKeyRing({ db: drizzle(env.ACCOUNTS_DB, { schema }), clock });
    const verifier = createAccessTokenVerifier({ loadJwks: () => keys.jwks(), clock });
    const { accessToken } = await issueAccessToken(
      await keys.signingKey(),
      { id: "u1", email: "u1@x.test", roles: ["owner"] },
      clock.now(),
    );
    expect(await verifier.verify(accessToken)).toEqual({
      id: "u1",
      email: "u1@x.test",
      roles: ["owner"],
      emailVerified: false,
      expiresAt: Math.floor(clock.now() / 1000) * 1000 + 15 * 60_000,
    });
    clock.advance(16 * 60_000);
    await expect(verifier.verify(accessToken)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });

  it("shares one generated development key between key rings (isolates)", async () => {
    const clock = new ManualClock(Date.now());
    const db = drizzle(env.ACCOUNTS_DB, { schema });
    const [a, b] = [createKeyRing({ db, clock }), createKeyRing({ db, clock })];
    const [ka, kb] = await Promise.all([a.signingKey(), b.signingKey()]);
    expect(ka.kid).toBe(kb.kid);
  });

  it("uses a configured signing JWK instead of the database", async () => {
    const pair = await generateKeyPair("ES256", { extractable: true });
    const configuredJwk = { ...(await exportJWK(pair.privateKey)), kid: "prod-2026" };
    const clock = new ManualClock(Date.now());
    const keys = createKeyRing({
      db: drizzle(env.ACCOUNTS_DB, { schema }),
      clock,
      configuredJwks: [configuredJwk],
    });
    const jwks = await keys.jwks();
    expect(jwks.keys).toEqual([expect.objectContaining({ kid: "prod-2026", kty: "EC", crv: "P-256" })]);
    expect(jwks.keys[0]).not.toHaveProperty("d");
  });
});
