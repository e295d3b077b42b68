import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { beforeAll, describe, expect, it } from "vitest";
import { api, newHubKeys, signUpUser, type TestUser } from "../../edge/testing/fixtures.ts";
import { systemClock } from "../../shared/clock/index.ts";
import { claimHub, createClaimCode } from "./claim.ts";
import { listHubs } from "./hubs.ts";
import { inviteMember, listInvites } from "./invites.ts";
import { addMember, listMembers } from "./members.ts";
import * as schema from "./schema.ts";
import { createSite } from "./sites.ts";
import { createSpace, listSpaces } from "./spaces.ts";

type Actor = "OWNER" | "MAINTAINER" | "GUEST" | "OUTSIDER" | "ANONYMOUS";
const ACTORS: Actor[] = ["OWNER", "MAINTAINER", "GUEST", "OUTSIDER", "ANONYMOUS"];
const MEMBERS: Actor[] = ["OWNER", "MAINTAINER", "GUEST"];

const deps = {
  db: drizzle(env.SITES_DB, { schema }),
  clock: systemClock,
  mailer: { send: async () => {} },
  inviteUrl: "https://app.outpost.test/invites",
};

interface Fixture {
  siteId: string;
  spaceId: string;
  hubId: string;
  inviteId: string;
  targetId: string;
}

interface RouteCase {
  method: string;
  path: (f: Fixture) => string;
  body?: unknown;
  allowed: Actor[];
  status: number;
}

// Every protected site route, who may call it, and what success answers.
const ROUTES: RouteCase[] = [
  { method: "GET", path: (f) => `/v1/sites/${f.siteId}`, allowed: MEMBERS, status: 200 },
  {
    method: "PATCH",
    path: (f) => `/v1/sites/${f.siteId}`,
    body: { name: "Renamed" },
    allowed: ["OWNER"],
    status: 200,
  },
  {
    method: "DELETE",
    path: (f) => `/v1/sites/${f.siteId}`,
    body: { name: "Matrix shop" },
    allowed: ["OWNER"],
    status: 204,
  },
  {
    method: "GET",
    path: (f) => `/v1/sites/${f.siteId}/equipment/unit-1/rules`,
    allowed: MEMBERS,
    status: 200,
  },
  { method: "POST", path: (f) => `/v1/sites/${f.siteId}/claim-codes`, allowed: ["OWNER"], status: 201 },
  { method: "GET", path: (f) => `/v1/sites/${f.siteId}/hubs`, allowed: ["OWNER", "MAINTAINER"], status: 200 },
  {
    method: "POST",
    path: (f) => `/v1/sites/${f.siteId}/hubs/${f.hubId}/revoke`,
    allowed: ["OWNER"],
    status: 204,
  },
  { method: "GET", path: (f) => `/v1/sites/${f.siteId}/equipment`, allowed: MEMBERS, status: 200 },
  { method: "GET", path: (f) => `/v1/sites/${f.siteId}/alarms?status=all`, allowed: MEMBERS, status: 200 },
  { method: "GET", path: (f) => `/v1/sites/${f.siteId}/events`, allowed: MEMBERS, status: 200 },
  { method: "GET", path: (f) => `/v1/sites/${f.siteId}/spaces`, allowed: MEMBERS, status: 200 },
  {
    method: "POST",
    path: (f) => `/v1/sites/${f.siteId}/spaces`,
    body: { name: "Cold room" },
    allowed: ["OWNER", "MAINTAINER"],
    status: 201,
  },
  {
    method: "DELETE",
    path: (f) => `/v1/sites/${f.siteId}/spaces/${f.spaceId}`,
    allowed: ["OWNER"],
    status: 204,
  },
  { method: "GET", path: (f) => `/v1/sites/${f.siteId}/members`, allowed: MEMBERS, status: 200 },
  {
    method: "PATCH",
    path: (f) => `/v1/sites/${f.siteId}/members/${f.targetId}`,
    body: { role: "MAINTAINER" },
    allowed: ["OWNER"],
    status: 200,
  },
  {
    method: "DELETE",
    path: (f) => `/v1/sites/${f.siteId}/members/${f.targetId}`,
    allowed: ["OWNER"],
    status: 204,
  },
  {
    method: "POST",
    path: (f) => `/v1/sites/${f.siteId}/invites`,
    body: { email: "new@example.test", role: "GUEST" },
    allowed: ["OWNER"],
    status: 201,
  },
  { method: "GET", path: (f) => `/v1/sites/${f.siteId}/invites`, allowed: ["OWNER"], status: 200 },
  {
    method: "DELETE",
    path: (f) => `/v1/sites/${f.siteId}/invites/${f.inviteId}`,
    allowed: ["OWNER"],
    status: 204,
  },
];

let users: Record<Exclude<Actor, "ANONYMOUS">, TestUser> & { target: TestUser };

beforeAll(async () => {
  const [owner, maintainer, guest, outsider, target] = await Promise.all(
    Array.from({ length: 5 }, () => signUpUser()),
  );
  users = { OWNER: owner!, MAINTAINER: maintainer!, GUEST: guest!, OUTSIDER: outsider!, target: target! };
});

/** A fresh site with one of everything, so each cell of the matrix starts from the same state. */
async function fixture(): Promise<Fixture> {
  const site = await createSite(deps, { userId: users.OWNER.id, name: "Matrix shop" });
  const siteId = site.id;
  await addMember(deps, { siteId, userId: users.MAINTAINER.id, role: "MAINTAINER" });
  await addMember(deps, { siteId, userId: users.GUEST.id, role: "GUEST" });
  await addMember(deps, { siteId, userId: users.target.id, role: "GUEST" });
  const space = await createSpace(deps, { siteId, userId: users.OWNER.id, name: "Shop floor" });
  const { code } = await createClaimCode(deps, { siteId, userId: users.OWNER.id });
  const { hubId } = await claimHub(deps, {
    code,
    publicKey: (await newHubKeys()).publicJwk as never,
    name: "Hub",
  });
  const invite = await inviteMember(deps, {
    siteId,
    userId: users.OWNER.id,
    email: "later@example.test",
    role: "GUEST",
  });
  return { siteId, spaceId: space.id, hubId, inviteId: invite.id, targetId: users.target.id };
}

/** Everything a refused request must leave as it was, read as the OWNER. */
async function snapshot(siteId: string): Promise<unknown> {
  const as = { siteId, userId: users.OWNER.id };
  const site = await deps.db.query.sites.findFirst({ where: (s, { eq }) => eq(s.id, siteId) });
  return [
    site?.name,
    await listMembers(deps, as),
    await listSpaces(deps, as),
    await listHubs(deps, as),
    await listInvites(deps, as),
  ];
}

const cells = ROUTES.flatMap((route) =>
  ACTORS.map((actor) => ({
    route,
    actor,
    label: `${route.method} ${route.path({ siteId: ":site", spaceId: ":space", hubId: ":hub", inviteId: ":invite", targetId: ":member" })}`,
  })),
);

describe("route × role × membership", () => {
  it.each(cells)("$label as $actor", async ({ route, actor }) => {
    const f = await fixture();
    const before = await snapshot(f.siteId);
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (actor !== "ANONYMOUS") headers.authorization = `Bearer ${users[actor].token}`;
    const res = await api(route.path(f), {
      method: route.method,
      headers,
      ...(route.body ? { body: JSON.stringify(route.body) } : {}),
    });
    if (route.allowed.includes(actor)) {
      expect(res.status).toBe(route.status);
      return;
    }
    const expected = actor === "ANONYMOUS" ? 401 : 403;
    expect(res.status).toBe(expected);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
      expected === 401 ? "UNAUTHORIZED" : "FORBIDDEN",
    );
    expect(await snapshot(f.siteId)).toEqual(before);
  });

  it("answers a site that does not exist like one the caller is not in (403), so ids cannot be probed", async () => {
    const res = await api("/v1/sites/01900000-0000-7000-8000-000000000000/members", {
      headers: { authorization: `Bearer ${users.OWNER.token}` },
    });
    expect(res.status).toBe(403);
  });
});
