import { createLocalJWKSet, decodeJwt, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { api, authed, createSite, jsonInit, signUpUser, siteWithHub } from "../../edge/testing/fixtures.ts";

async function hubToken(token: string, siteId: string, body?: unknown) {
  return api(
    `/v1/sites/${siteId}/hub-token`,
    body === undefined ? { method: "POST", ...authed(token) } : jsonInit("POST", body, token),
  );
}

describe("POST /v1/sites/:siteId/hub-token (contract C2)", () => {
  it("gives a member a 12 h ES256 token for the site's hub, verifiable with the published JWKS", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    const res = await hubToken(owner.token, siteId);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; expiresIn: number; hubId: string };
    expect(body).toMatchObject({ expiresIn: 12 * 3600, hubId: hub.hubId });

    const jwks = await (await api("/.well-known/jwks.json")).json();
    const { payload, protectedHeader } = await jwtVerify(body.token, createLocalJWKSet(jwks as never), {
      audience: `outpost-hub:${hub.hubId}`,
      issuer: "outpost-accounts",
      algorithms: ["ES256"],
    });
    expect(protectedHeader.kid).toEqual(expect.any(String));
    expect(payload).toMatchObject({
      sub: owner.id,
      site: siteId,
      role: "OWNER",
      email: owner.email,
      name: owner.email,
    });
    expect(payload.exp! - payload.iat!).toBe(12 * 3600);

    // Named explicitly, the same hub works; another hub id does not.
    expect((await hubToken(owner.token, siteId, { hubId: hub.hubId })).status).toBe(200);
    expect((await hubToken(owner.token, siteId, { hubId: "hub-nope" })).status).toBe(404);
  });

  it("is refused by the edge as an access token (another audience)", async () => {
    const { owner, siteId } = await siteWithHub();
    const { token } = (await (await hubToken(owner.token, siteId)).json()) as { token: string };
    expect(decodeJwt(token).aud).not.toBe("outpost");
    const res = await api("/v1/sites", authed(token));
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("UNAUTHORIZED");
  });

  it("refuses non-members, anonymous callers, and a site without a hub", async () => {
    const { siteId } = await siteWithHub();
    const stranger = await signUpUser();
    expect((await hubToken(stranger.token, siteId)).status).toBe(403);
    expect((await api(`/v1/sites/${siteId}/hub-token`, { method: "POST" })).status).toBe(401);
    const lonely = await signUpUser();
    const bare = await createSite(lonely);
    expect((await hubToken(lonely.token, bare)).status).toBe(404);
  });
});
