import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import { api, authed, createSite, jsonInit, signUpUser } from "../../edge/testing/fixtures.ts";
import { ManualClock } from "../../shared/clock/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import * as schema from "./schema.ts";
import { createKeyRing } from "./signing-keys.ts";
import { issueAccessToken } from "./tokens.ts";

const remove = (token: string, password: string) =>
  api("/v1/accounts/me", { ...jsonInit("DELETE", { password }, token) });

describe("account deletion", () => {
  it("needs the password, then the account's access and refresh tokens stop working at once", async () => {
    const user = await signUpUser();
    expect((await remove(user.token, "not my password")).status).toBe(401);
    expect((await api("/v1/accounts/me", authed(user.token))).status).toBe(200);
    expect((await remove(user.token, user.password)).status).toBe(204);
    // The access token is still validly signed and unexpired, yet refused.
    expect((await api("/v1/accounts/me", authed(user.token))).status).toBe(401);
    expect((await api("/v1/sites", authed(user.token))).status).toBe(401);
    expect(
      (await api("/v1/accounts/refresh", jsonInit("POST", { refreshToken: user.refreshToken }))).status,
    ).toBe(401);
    expect(
      (await api("/v1/accounts/sign-in", jsonInit("POST", { email: user.email, password: user.password })))
        .status,
    ).toBe(401);
  });

  it("refuses a validly signed token whose user never existed: it creates nothing", async () => {
    const keys = createKeyRing({
      db: drizzle(env.ACCOUNTS_DB, { schema }),
      clock: new ManualClock(Date.now()),
    });
    const ghost = {
      id: uuidv7(),
      email: "ghost@example.test",
      roles: ["owner" as const],
      emailVerified: true,
    };
    const { accessToken } = await issueAccessToken(await keys.signingKey(), ghost, Date.now());
    const res = await api("/v1/sites", jsonInit("POST", { name: "Nobody's shop" }, accessToken));
    expect(res.status).toBe(401);
    const owner = await signUpUser();
    expect(await createSite(owner)).toBeTruthy();
  });
});
