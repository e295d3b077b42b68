import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import { api, authed, createSite, jsonInit, signUpUser } from "../../edge/testing/fixtures.ts";
import { ManualClock, systemClock } from "../../shared/clock/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { addMember, sitesSchema } from "../sites/index.ts";
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

  it("removes the person's site memberships (through the sites module), recorded as removals for the hubs", async () => {
    const user = await signUpUser();
    const own = await createSite(user, "Their own shop");
    const other = await signUpUser();
    const theirs = await createSite(other, "Someone else's shop");
    await addMember(
      { db: drizzle(env.SITES_DB, { schema: sitesSchema }), clock: systemClock },
      {
        siteId: theirs,
        userId: user.id,
        role: "MAINTAINER",
      },
    );
    const membershipsOf = async (userId: string) =>
      (
        await env.SITES_DB.prepare("SELECT site_id FROM site_members WHERE user_id = ? ORDER BY site_id")
          .bind(userId)
          .all<{ site_id: string }>()
      ).results.map((r) => r.site_id);
    expect(await membershipsOf(user.id)).toEqual([own, theirs].sort());

    expect((await remove(user.token, user.password)).status).toBe(204);
    expect(await membershipsOf(user.id)).toEqual([]);
    const removals = await env.SITES_DB.prepare(
      "SELECT site_id FROM site_member_removals WHERE user_id = ? ORDER BY site_id",
    )
      .bind(user.id)
      .all<{ site_id: string }>();
    expect(removals.results.map((r) => r.site_id)).toEqual([own, theirs].sort());
    // The other site keeps its owner, who no longer sees the deleted person among its members.
    const members = await api(`/v1/sites/${theirs}/members`, authed(other.token));
    expect(((await members.json()) as { members: { userId: string }[] }).members).toEqual([
      expect.objectContaining({ userId: other.id }),
    ]);
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
