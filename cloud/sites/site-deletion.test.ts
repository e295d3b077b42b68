import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  api,
  authed,
  claimHub,
  createSite,
  jsonInit,
  signUpUser,
  type TestUser,
} from "../../edge/testing/fixtures.ts";

const removeSite = (siteId: string, name: string, token: string) =>
  api(`/v1/sites/${siteId}`, jsonInit("DELETE", { name }, token));
const removeAccount = (user: TestUser) =>
  api("/v1/accounts/me", jsonInit("DELETE", { password: user.password }, user.token));
const invite = async (owner: TestUser, siteId: string, member: TestUser, role: string) => {
  const res = await api(
    `/v1/sites/${siteId}/invites`,
    jsonInit("POST", { email: member.email, role }, owner.token),
  );
  expect(res.status).toBe(201);
  const { token } = (await res.json()) as { token?: string };
  return token;
};
const sitesOf = async (user: TestUser) =>
  ((await (await api("/v1/sites", authed(user.token))).json()) as { sites: { id: string }[] }).sites.map(
    (s) => s.id,
  );
const errorOf = async (res: Response) =>
  ((await res.json()) as { error: { code: string; message: string } }).error;

describe("deleting a site", () => {
  it("needs an OWNER and the site's name; then members lose it, invites and hubs are revoked", async () => {
    const owner = await signUpUser();
    const siteId = await createSite(owner, "Pier Kiosk");
    const hub = await claimHub(owner, siteId);
    const guest = await signUpUser();
    await api(
      "/v1/invites/accept",
      jsonInit("POST", { token: await invite(owner, siteId, guest, "GUEST") }, guest.token),
    );
    expect(await sitesOf(guest)).toContain(siteId);

    const refused = await removeSite(siteId, "Pier Kiosk", guest.token);
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).code).toBe("FORBIDDEN");
    const wrongName = await removeSite(siteId, "Pier kiosk!", owner.token);
    expect(wrongName.status).toBe(400);
    expect((await errorOf(wrongName)).code).toBe("VALIDATION_ERROR");
    // Refusals changed nothing.
    expect(await sitesOf(owner)).toContain(siteId);

    expect((await removeSite(siteId, "Pier Kiosk", owner.token)).status).toBe(204);
    expect(await sitesOf(owner)).not.toContain(siteId);
    expect(await sitesOf(guest)).not.toContain(siteId);
    expect((await api(`/v1/sites/${siteId}`, authed(owner.token))).status).toBe(403);
    const revoked = await env.SITES_DB.prepare("SELECT revoked_at FROM hubs WHERE id = ?")
      .bind(hub.hubId)
      .first<{ revoked_at: number | null }>();
    expect(revoked?.revoked_at).not.toBeNull();
    expect((await siteRow(siteId)).deleted_at).not.toBeNull();
  });
});

describe("deleting an account that owns sites", () => {
  it("is refused while the person is the only owner of a site with other members, naming it; changes nothing", async () => {
    const owner = await signUpUser();
    const shared = await createSite(owner, "Market Stall");
    const maintainer = await signUpUser("provider");
    await api(
      "/v1/invites/accept",
      jsonInit("POST", { token: await invite(owner, shared, maintainer, "MAINTAINER") }, maintainer.token),
    );
    const res = await removeAccount(owner);
    expect(res.status).toBe(409);
    const error = await errorOf(res);
    expect(error.code).toBe("CONFLICT");
    expect(error.message).toContain("Market Stall");
    expect(await sitesOf(owner)).toContain(shared);
    expect((await api("/v1/accounts/me", authed(owner.token))).status).toBe(200);
  });

  it("takes the sites only they belong to with it, and leaves a site that has another owner", async () => {
    const owner = await signUpUser();
    const alone = await createSite(owner, "Solo Cafe");
    const coOwned = await createSite(owner, "Twin Bakery");
    const partner = await signUpUser();
    await api(
      "/v1/invites/accept",
      jsonInit("POST", { token: await invite(owner, coOwned, partner, "OWNER") }, partner.token),
    );
    expect((await removeAccount(owner)).status).toBe(204);
    const gone = await siteRow(alone);
    expect(gone.deleted_at).not.toBeNull();
    expect((await siteRow(coOwned)).deleted_at).toBeNull();
    expect(await sitesOf(partner)).toContain(coOwned);
  });
});

async function siteRow(siteId: string) {
  const row = await env.SITES_DB.prepare("SELECT deleted_at FROM sites WHERE id = ?")
    .bind(siteId)
    .first<{ deleted_at: number | null }>();
  if (!row) throw new Error("no site row");
  return row;
}
