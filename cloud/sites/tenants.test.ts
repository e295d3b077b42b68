/** Tenant isolation: every site route that takes another id, called by site B's owner with site A's ids. */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import {
  alarmRaised,
  api,
  authed,
  claimHub,
  createSite,
  jsonInit,
  ledgerAlarms,
  postBatch,
  signUpUser,
  type TestHub,
  type TestUser,
} from "../../edge/testing/fixtures.ts";

interface SiteA {
  owner: TestUser;
  siteId: string;
  hub: TestHub;
  deviceId: string;
  equipmentId: string;
  hubEquipmentId: string;
  alarmId: string;
  spaceId: string;
  inviteId: string;
}

interface Case {
  name: string;
  method: string;
  /** The path under site B, naming one of site A's ids. */
  path: (a: SiteA, siteB: string) => string;
  body?: unknown;
}

const RANGE = { name: "Stolen", type: "FRIDGE", setTemperature: 4, optimalMin: 1, optimalMax: 7 };

// From cloud/sites/{http,access-http,downlink-http,live-http}.ts: every /v1/sites/:siteId/... route with another id.
const CASES: Case[] = [
  { name: "hub revoke", method: "POST", path: (a, b) => `/v1/sites/${b}/hubs/${a.hub.hubId}/revoke` },
  { name: "hub token", method: "POST", path: (_a, b) => `/v1/sites/${b}/hub-token`, body: "hubId" },
  { name: "space delete", method: "DELETE", path: (a, b) => `/v1/sites/${b}/spaces/${a.spaceId}` },
  {
    name: "member role",
    method: "PATCH",
    path: (a, b) => `/v1/sites/${b}/members/${a.owner.id}`,
    body: { role: "GUEST" },
  },
  { name: "member remove", method: "DELETE", path: (a, b) => `/v1/sites/${b}/members/${a.owner.id}` },
  { name: "invite withdraw", method: "DELETE", path: (a, b) => `/v1/sites/${b}/invites/${a.inviteId}` },
  { name: "device revoke", method: "POST", path: (a, b) => `/v1/sites/${b}/devices/${a.deviceId}/revoke` },
  {
    name: "equipment rules",
    method: "PUT",
    path: (a, b) => `/v1/sites/${b}/equipment/${a.equipmentId}/rules`,
    body: { highDelayMinutes: 1 },
  },
  {
    name: "equipment history",
    method: "GET",
    path: (a, b) => `/v1/sites/${b}/equipment/${a.hubEquipmentId}/history`,
  },
  {
    name: "alarm acknowledge",
    method: "POST",
    path: (a, b) => `/v1/sites/${b}/alarms/${a.alarmId}/acknowledge`,
    body: {},
  },
  {
    name: "alarm close",
    method: "POST",
    path: (a, b) => `/v1/sites/${b}/alarms/${a.alarmId}/close`,
    body: { correctiveAction: "moved stock" },
  },
];

/** Everything site A holds in the sites database and its ledger, to compare before and after. */
async function snapshot(siteId: string) {
  const tables = [
    "sites",
    "site_members",
    "hubs",
    "spaces",
    "site_invites",
    "site_devices",
    "site_equipment",
    "site_alarm_rules",
    "remote_actions",
  ];
  const rows: Record<string, unknown[]> = {};
  for (const table of tables) {
    const key = table === "sites" ? "id" : "site_id";
    const { results } = await env.SITES_DB.prepare(`SELECT * FROM ${table} WHERE ${key} = ? ORDER BY 1, 2`)
      .bind(siteId)
      .all();
    rows[table] = results;
  }
  return { rows, alarms: await ledgerAlarms(siteId) };
}

async function json<T>(res: Response, status: number): Promise<T> {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

async function makeSiteA(): Promise<SiteA> {
  const owner = await signUpUser();
  const siteId = await createSite(owner, "Site A");
  const hub = await claimHub(owner, siteId);
  const device = await json<{ id: string; equipmentId: string }>(
    await api(
      `/v1/sites/${siteId}/devices`,
      jsonInit("POST", { kind: "FRIDGE", name: "Dairy" }, owner.token),
    ),
    201,
  );
  await json(
    await api(
      `/v1/sites/${siteId}/equipment/${device.equipmentId}/rules`,
      jsonInit("PUT", { highDelayMinutes: 5 }, owner.token),
    ),
    200,
  );
  const raised = alarmRaised(hub, 1, { equipmentId: "fridge-a" });
  expect((await postBatch(hub, [raised])).status).toBe(200);
  const space = await json<{ id: string }>(
    await api(`/v1/sites/${siteId}/spaces`, jsonInit("POST", { name: "Cold room" }, owner.token)),
    201,
  );
  const invite = await json<{ id: string }>(
    await api(
      `/v1/sites/${siteId}/invites`,
      jsonInit("POST", { email: "cook@example.test", role: "MAINTAINER" }, owner.token),
    ),
    201,
  );
  return {
    owner,
    siteId,
    hub,
    deviceId: device.id,
    equipmentId: device.equipmentId,
    hubEquipmentId: "fridge-a",
    alarmId: (raised.data as { alarmId: string }).alarmId,
    spaceId: space.id,
    inviteId: invite.id,
  };
}

describe("ids are scoped to their site", () => {
  let a: SiteA;
  let ownerB: TestUser;
  let siteB: string;
  beforeAll(async () => {
    a = await makeSiteA();
    ownerB = await signUpUser();
    siteB = await createSite(ownerB, "Site B");
    // B has a hub and equipment of its own, so a refusal is about the id, not an empty site.
    const hubB = await claimHub(ownerB, siteB);
    expect((await postBatch(hubB, [alarmRaised(hubB, 1, { equipmentId: "fridge-b" })])).status).toBe(200);
  });

  it.each(CASES)("$name: site B's owner with site A's id is 404 and site A is unchanged", async (c) => {
    const before = await snapshot(a.siteId);
    const body = c.body === "hubId" ? { hubId: a.hub.hubId } : c.body;
    const init =
      body === undefined
        ? authed(ownerB.token, { method: c.method })
        : jsonInit(c.method, body, ownerB.token);
    const res = await api(c.path(a, siteB), init);
    expect(res.status, await res.clone().text()).toBe(404);
    expect(await snapshot(a.siteId)).toEqual(before);
  });

  it("an equipment id taken first by site B stays site A's to configure, and B's PUT never reaches A's unit", async () => {
    // B writes under A's existing unit id and under an id A's hub made but has not configured yet.
    const fresh = `fridge-${crypto.randomUUID()}`;
    const before = await snapshot(a.siteId);
    for (const id of [a.equipmentId, fresh]) {
      const put = await api(`/v1/sites/${siteB}/equipment/${id}`, jsonInit("PUT", RANGE, ownerB.token));
      expect(put.status).toBe(200); // B's own unit under B's site: ids are per site.
    }
    expect(await snapshot(a.siteId)).toEqual(before);

    // A configures both ids afterwards: neither answers 404, and B's row keeps B's values.
    const mine = { ...RANGE, name: "Dairy" };
    for (const id of [a.equipmentId, fresh]) {
      const put = await api(`/v1/sites/${a.siteId}/equipment/${id}`, jsonInit("PUT", mine, a.owner.token));
      expect(put.status, await put.clone().text()).toBe(200);
      const rules = await api(
        `/v1/sites/${a.siteId}/equipment/${id}/rules`,
        jsonInit("PUT", { highDelayMinutes: 7 }, a.owner.token),
      );
      expect(rules.status).toBe(200);
    }
    const { results } = await env.SITES_DB.prepare(
      "SELECT site_id, name, device_id FROM site_equipment WHERE id = ? ORDER BY site_id",
    )
      .bind(a.equipmentId)
      .all<{ site_id: string; name: string; device_id: string | null }>();
    expect(results).toEqual(
      expect.arrayContaining([
        { site_id: a.siteId, name: "Dairy", device_id: a.deviceId },
        { site_id: siteB, name: "Stolen", device_id: null },
      ]),
    );
  });
});
