import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import {
  alarmRaised,
  api,
  authed,
  createSite,
  jsonInit,
  postBatch,
  signUpUser,
  siteWithHub,
} from "../../edge/testing/fixtures.ts";
import { outboxFor } from "../notifications/index.ts";
import * as notificationsSchema from "../notifications/schema.ts";

const outbox = (email: string) =>
  outboxFor({ db: drizzle(env.NOTIFICATIONS_DB, { schema: notificationsSchema }) }, email);

async function invite(ownerToken: string, siteId: string, email: string, role: string) {
  const res = await api(`/v1/sites/${siteId}/invites`, jsonInit("POST", { email, role }, ownerToken));
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; token: string };
}

describe("invitations", () => {
  it("emails a link through the outbox; the addressee accepts once and joins with the role", async () => {
    const owner = await signUpUser();
    const siteId = await createSite(owner);
    const guest = await signUpUser();
    const { token } = await invite(owner.token, siteId, guest.email.toUpperCase(), "MAINTAINER");
    const [mail] = await outbox(guest.email);
    expect(mail!.template).toBe("site-invite");
    expect(mail!.body).toContain(`#token=${token}`);

    const accepted = await api("/v1/invites/accept", jsonInit("POST", { token }, guest.token));
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toEqual({ siteId, role: "MAINTAINER" });
    const sites = (await (await api("/v1/sites", authed(guest.token))).json()) as {
      sites: { id: string; role: string }[];
    };
    expect(sites.sites).toEqual([expect.objectContaining({ id: siteId, role: "MAINTAINER" })]);
    expect((await api("/v1/invites/accept", jsonInit("POST", { token }, guest.token))).status).toBe(403);
  });

  it("refuses someone else holding the link, and a withdrawn invitation", async () => {
    const owner = await signUpUser();
    const siteId = await createSite(owner);
    const [addressee, stranger] = await Promise.all([signUpUser(), signUpUser()]);
    const { id, token } = await invite(owner.token, siteId, addressee.email, "GUEST");
    expect((await api("/v1/invites/accept", jsonInit("POST", { token }, stranger.token))).status).toBe(403);
    expect(
      (await api(`/v1/sites/${siteId}/invites/${id}`, { method: "DELETE", ...authed(owner.token) })).status,
    ).toBe(204);
    expect((await api("/v1/invites/accept", jsonInit("POST", { token }, addressee.token))).status).toBe(403);
  });
});

describe("one invitation per address per site", () => {
  it("replaces the pending invitation: the first link stops working, one is listed, the second is accepted", async () => {
    const owner = await signUpUser();
    const siteId = await createSite(owner);
    const addressee = await signUpUser();
    const first = await invite(owner.token, siteId, addressee.email, "GUEST");
    const second = await invite(owner.token, siteId, addressee.email.toUpperCase(), "MAINTAINER");
    const listed = (await (await api(`/v1/sites/${siteId}/invites`, authed(owner.token))).json()) as {
      invites: { id: string; role: string }[];
    };
    expect(listed.invites).toEqual([expect.objectContaining({ id: second.id, role: "MAINTAINER" })]);
    const stale = await api("/v1/invites/accept", jsonInit("POST", { token: first.token }, addressee.token));
    expect(stale.status).toBe(403);
    const accepted = await api(
      "/v1/invites/accept",
      jsonInit("POST", { token: second.token }, addressee.token),
    );
    expect(await accepted.json()).toEqual({ siteId, role: "MAINTAINER" });
    // The members list names people (display name, else email), never only an id.
    const members = (await (await api(`/v1/sites/${siteId}/members`, authed(owner.token))).json()) as {
      members: { userId: string; name: string | null; email: string | null }[];
    };
    expect(members.members.map((m) => m.email).sort()).toEqual([owner.email, addressee.email].sort());
    expect(members.members.every((m) => m.name)).toBe(true);
  });
});

describe("members", () => {
  it("never leaves a site without an OWNER, and lets a member leave", async () => {
    const owner = await signUpUser();
    const siteId = await createSite(owner);
    const demote = await api(
      `/v1/sites/${siteId}/members/${owner.id}`,
      jsonInit("PATCH", { role: "GUEST" }, owner.token),
    );
    expect(demote.status).toBe(409);
    expect(
      (await api(`/v1/sites/${siteId}/members/${owner.id}`, { method: "DELETE", ...authed(owner.token) }))
        .status,
    ).toBe(409);

    const guest = await signUpUser();
    const { token } = await invite(owner.token, siteId, guest.email, "GUEST");
    await api("/v1/invites/accept", jsonInit("POST", { token }, guest.token));
    expect(
      (await api(`/v1/sites/${siteId}/members/${guest.id}`, { method: "DELETE", ...authed(guest.token) }))
        .status,
    ).toBe(204);
    expect((await api(`/v1/sites/${siteId}`, authed(guest.token))).status).toBe(403);
  });
});

describe("spaces", () => {
  it("are created, listed and deleted within their site only", async () => {
    const owner = await signUpUser();
    const [a, b] = [await createSite(owner, "A"), await createSite(owner, "B")];
    const created = await api(`/v1/sites/${a}/spaces`, jsonInit("POST", { name: "Cold room" }, owner.token));
    expect(created.status).toBe(201);
    const space = (await created.json()) as { id: string; siteId: string; name: string };
    expect(space).toMatchObject({ siteId: a, name: "Cold room" });
    expect(
      (await api(`/v1/sites/${b}/spaces/${space.id}`, { method: "DELETE", ...authed(owner.token) })).status,
    ).toBe(404);
    const list = (await (await api(`/v1/sites/${a}/spaces`, authed(owner.token))).json()) as {
      spaces: unknown[];
    };
    expect(list.spaces).toHaveLength(1);
  });
});

describe("hub revocation", () => {
  it("refuses the revoked hub's sync with 403, keeps it listed as revoked", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    expect((await postBatch(hub, [alarmRaised(hub, 1)])).status).toBe(200);
    const res = await api(`/v1/sites/${siteId}/hubs/${hub.hubId}/revoke`, {
      method: "POST",
      ...authed(owner.token),
    });
    expect(res.status).toBe(204);
    expect((await postBatch(hub, [alarmRaised(hub, 2)])).status).toBe(403);
    const hubs = (await (await api(`/v1/sites/${siteId}/hubs`, authed(owner.token))).json()) as {
      hubs: { id: string; revokedAt: string | null }[];
    };
    expect(hubs.hubs).toEqual([expect.objectContaining({ id: hub.hubId, revokedAt: expect.any(String) })]);
  });

  it("cannot revoke another site's hub", async () => {
    const { hub } = await siteWithHub();
    const intruder = await signUpUser();
    const own = await createSite(intruder);
    const res = await api(`/v1/sites/${own}/hubs/${hub.hubId}/revoke`, {
      method: "POST",
      ...authed(intruder.token),
    });
    expect(res.status).toBe(404);
    expect((await postBatch(hub, [alarmRaised(hub, 1)])).status).toBe(200);
  });
});
