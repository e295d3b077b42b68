import { env } from "cloudflare:workers";
import { isNull } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { base64url, decodeProtectedHeader, importJWK, type JWK, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { api, authed, signUpUser, type TestUser } from "../../edge/testing/fixtures.ts";
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from "../../shared/access-token/index.ts";
import * as schema from "./schema.ts";

// Forgeries are made with the real development signing key (read from ACCOUNTS_DB), so each is refused
// for exactly the flaw it carries, not for a bad signature.
let user: TestUser;
let kid: string;
let realKey: CryptoKey;
let publicJwk: JWK;

beforeAll(async () => {
  user = await signUpUser();
  kid = decodeProtectedHeader(user.token).kid!;
  const db = drizzle(env.ACCOUNTS_DB, { schema });
  const row = (await db.select().from(schema.signingKeys).where(isNull(schema.signingKeys.retiredAt)).get())!;
  realKey = (await importJWK(JSON.parse(row.privateJwk), "ES256")) as CryptoKey;
  publicJwk = JSON.parse(row.publicJwk) as JWK;
});

function claims(overrides: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    iss: ACCESS_TOKEN_ISSUER,
    aud: ACCESS_TOKEN_AUDIENCE,
    sub: user.id,
    email: user.email,
    roles: ["owner"],
    iat: now,
    exp: now + 600,
    ...overrides,
  };
}

const sign = (payload: Record<string, unknown>, header: Record<string, unknown> = {}) =>
  new SignJWT(payload).setProtectedHeader({ alg: "ES256", kid, ...header }).sign(realKey);

const encode = (value: unknown) => base64url.encode(JSON.stringify(value));

async function refused(token: string): Promise<void> {
  const res = await api("/v1/sites", authed(token));
  expect(res.status).toBe(401);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
}

describe("access token attacks are refused with 401", () => {
  it("admits a well-formed token made the same way (the control)", async () => {
    expect((await api("/v1/sites", authed(await sign(claims())))).status).toBe(200);
  });

  it("alg: none (unsigned)", async () => {
    await refused(`${encode({ alg: "none", typ: "JWT" })}.${encode(claims())}.`);
    await refused(`${encode({ alg: "none", kid })}.${encode(claims())}.`);
  });

  it("HS256 signed with the public key as the HMAC secret (algorithm confusion)", async () => {
    for (const secret of [JSON.stringify(publicJwk), publicJwk.x!]) {
      const forged = await new SignJWT(claims())
        .setProtectedHeader({ alg: "HS256", kid })
        .sign(new TextEncoder().encode(secret));
      await refused(forged);
    }
  });

  it("expired", async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    await refused(await sign(claims({ iat: past - 900, exp: past })));
  });

  it("wrong issuer or audience", async () => {
    await refused(await sign(claims({ iss: "someone-else" })));
    await refused(await sign(claims({ aud: "another-service" })));
  });

  it("unknown kid", async () => {
    await refused(await sign(claims(), { kid: "no-such-key" }));
  });

  it("tampered payload (signature of another payload)", async () => {
    const [header, , signature] = (await sign(claims())).split(".");
    await refused(`${header}.${encode(claims({ sub: "someone-else", roles: ["admin"] }))}.${signature}`);
  });

  it("missing subject or expiry", async () => {
    const { sub: _s, ...noSub } = claims();
    const { exp: _e, ...noExp } = claims();
    await refused(await sign(noSub));
    await refused(await sign(noExp));
  });

  it("garbage and wrong schemes", async () => {
    await refused("not.a.jwt");
    const res = await api("/v1/sites", { headers: { authorization: `Basic ${btoa("a:b")}` } });
    expect(res.status).toBe(401);
  });
});
