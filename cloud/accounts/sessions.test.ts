import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import { api, authed, jsonInit, signUpUser } from "../../edge/testing/fixtures.ts";
import { ManualClock } from "../../shared/clock/index.ts";
import { consumeRefreshToken, issueRefreshToken, REFRESH_TOKEN_TTL_S } from "./refresh-tokens.ts";
import * as schema from "./schema.ts";

interface SessionBody {
  accessToken: string;
  refreshToken: string;
  refreshExpiresIn: number;
  user: { id: string; roles: string[] };
}

const refresh = (refreshToken: string) => api("/v1/accounts/refresh", jsonInit("POST", { refreshToken }));

describe("refresh token rotation", () => {
  it("signs up with a 7-day refresh token and the chosen role in the access token", async () => {
    const user = await signUpUser("provider");
    const me = await api("/v1/accounts/me", authed(user.token));
    expect(((await me.json()) as SessionBody).user.roles).toEqual(["provider"]);
    const res = await refresh(user.refreshToken);
    expect(res.status).toBe(200);
    expect(((await res.json()) as SessionBody).refreshExpiresIn).toBe(7 * 24 * 3600);
  });

  it("rotates on every use: a new refresh token each time, and the new access token works", async () => {
    const user = await signUpUser();
    const first = (await (await refresh(user.refreshToken)).json()) as SessionBody;
    expect(first.refreshToken).not.toBe(user.refreshToken);
    const second = (await (await refresh(first.refreshToken)).json()) as SessionBody;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await api("/v1/sites", authed(second.accessToken))).status).toBe(200);
  });

  it("revokes the whole family when a spent refresh token is presented again", async () => {
    const user = await signUpUser();
    const rotated = (await (await refresh(user.refreshToken)).json()) as SessionBody;
    const replay = await refresh(user.refreshToken);
    expect(replay.status).toBe(401);
    // The reason (reuse) is logged nowhere public: a 401 says only UNAUTHORIZED.
    expect(((await replay.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
    // The thief's replay also ended the legitimate holder's newer token.
    expect((await refresh(rotated.refreshToken)).status).toBe(401);
  });

  it("lets at most one of two concurrent uses win, and then no token of the family works", async () => {
    const user = await signUpUser();
    const results = await Promise.all([refresh(user.refreshToken), refresh(user.refreshToken)]);
    const statuses = results.map((r) => r.status).sort();
    // The loser is a reuse: it revokes the family. Depending on timing the winner's new token is
    // revoked with it or born revoked (then the winner gets 401 too); never does a token survive.
    expect(statuses[1]).toBe(401);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(1);
    const winner = results.find((r) => r.status === 200);
    if (winner) {
      const body = (await winner.json()) as SessionBody;
      expect((await refresh(body.refreshToken)).status).toBe(401);
    }
  });

  it("keeps other sign-ins of the same account when one family is revoked", async () => {
    const user = await signUpUser();
    const other = (await (
      await api("/v1/accounts/sign-in", jsonInit("POST", { email: user.email, password: user.password }))
    ).json()) as SessionBody;
    await refresh(user.refreshToken);
    await refresh(user.refreshToken); // reuse: revokes the sign-up family only
    expect((await refresh(other.refreshToken)).status).toBe(200);
  });

  it("refuses forged, malformed and missing refresh tokens without writing anything", async () => {
    const user = await signUpUser();
    const [id] = user.refreshToken.split(".");
    expect((await refresh(`${id}.forged-secret`)).status).toBe(401);
    expect((await refresh("not-a-token")).status).toBe(401);
    const bad = await api("/v1/accounts/refresh", jsonInit("POST", {}));
    expect(bad.status).toBe(400);
    // The forged attempt did not spend the real token.
    expect((await refresh(user.refreshToken)).status).toBe(200);
  });

  it("expires refresh tokens after 7 days (injected clock)", async () => {
    const clock = new ManualClock(Date.now());
    const deps = { db: drizzle(env.ACCOUNTS_DB, { schema }), clock };
    const { refreshToken } = await issueRefreshToken(deps, { userId: "u-expiry" });
    clock.advance(REFRESH_TOKEN_TTL_S * 1000 + 1);
    await expect(consumeRefreshToken(deps, refreshToken)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  });
});

describe("sign-out", () => {
  it("revokes the refresh family (204) and is idempotent", async () => {
    const user = await signUpUser();
    const out = await api("/v1/accounts/sign-out", jsonInit("POST", { refreshToken: user.refreshToken }));
    expect(out.status).toBe(204);
    expect((await refresh(user.refreshToken)).status).toBe(401);
    const again = await api("/v1/accounts/sign-out", jsonInit("POST", { refreshToken: user.refreshToken }));
    expect(again.status).toBe(204);
  });
});
