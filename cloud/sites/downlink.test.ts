import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import {
  alarmRaised,
  api,
  jsonInit,
  postBatch,
  signUpUser,
  siteWithHub,
  type TestHub,
} from "../../edge/testing/fixtures.ts";
import { systemClock } from "../../shared/clock/index.ts";
import { type DesiredStateDocument, devicesSection } from "../../shared/desired-state/index.ts";
import { signHubToken } from "../../shared/sync/index.ts";
import { addMember } from "./members.ts";
import * as schema from "./schema.ts";

async function asHub(hub: TestHub, path: string, init: RequestInit = {}): Promise<Response> {
  const token = await signHubToken(hub.privateJwk, hub, Date.now());
  const headers = { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` };
  return api(path, { ...init, headers });
}

async function documentOf(hub: TestHub, etag?: string): Promise<Response> {
  return asHub(
    hub,
    `/v1/hubs/${hub.hubId}/desired-state`,
    etag ? { headers: { "if-none-match": etag } } : {},
  );
}

describe("desired state (cloud side)", () => {
  it("serves a versioned document with an ETag, answers 304 while unchanged, and bumps when content changes", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    const first = await documentOf(hub);
    expect(first.status).toBe(200);
    const doc = (await first.json()) as DesiredStateDocument;
    expect(first.headers.get("etag")).toBe(`"${doc.version}"`);
    expect(Object.keys(doc.sections)).toEqual(["trustedKeys", "members", "devices", "equipment", "rules"]);
    expect(doc.sections.members).toMatchObject({
      members: [{ userId: owner.id, email: owner.email, role: "OWNER" }],
    });
    expect((doc.sections.trustedKeys as { keys: unknown[] }).keys.length).toBeGreaterThan(0);

    const unchanged = await documentOf(hub, `"${doc.version}"`);
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe("");

    const paired = await api(
      `/v1/sites/${siteId}/devices`,
      jsonInit("POST", { kind: "FRIDGE", name: "Dairy fridge" }, owner.token),
    );
    expect(paired.status).toBe(201);
    const device = (await paired.json()) as { id: string; secret: string; equipmentId: string };

    const changed = await documentOf(hub, `"${doc.version}"`);
    expect(changed.status).toBe(200);
    const next = (await changed.json()) as DesiredStateDocument;
    expect(next.version).toBe(doc.version + 1);
    const devices = devicesSection.parse(next.sections.devices).devices;
    expect(devices).toEqual([
      expect.objectContaining({ id: device.id, equipmentId: device.equipmentId, revoked: false }),
    ]);
    expect(JSON.stringify(next)).not.toContain(device.secret);
    expect(next.sections.equipment).toEqual({
      equipment: [
        expect.objectContaining({
          id: device.equipmentId,
          deviceId: device.id,
          optimalMin: 0,
          optimalMax: 5,
        }),
      ],
    });

    const rules = await api(
      `/v1/sites/${siteId}/equipment/${device.equipmentId}/rules`,
      jsonInit("PUT", { highDelayMs: 0 }, owner.token),
    );
    expect(rules.status).toBe(200);
    const third = (await (await documentOf(hub, `"${next.version}"`)).json()) as DesiredStateDocument;
    expect(third.version).toBe(next.version + 1);
    expect(third.sections.rules).toEqual({
      rules: [{ equipmentId: device.equipmentId, settings: { highDelayMs: 0 } }],
    });
  });

  it("hashes a cloud-paired device's secret in the hub's format, salted, from Web Crypto", async () => {
    const { owner, siteId } = await siteWithHub();
    const res = await api(
      `/v1/sites/${siteId}/devices`,
      jsonInit("POST", { kind: "DISPENSER", name: "Tap" }, owner.token),
    );
    const { id, secret } = (await res.json()) as { id: string; secret: string };
    const row = await drizzle(env.SITES_DB, { schema }).select().from(schema.siteDevices).all();
    const stored = row.find((r) => r.id === id)!.secretHash;
    const [alg, salt, hash] = stored.split("$");
    expect(alg).toBe("sha256");
    const bytes = new Uint8Array([...base64(salt!), ...new TextEncoder().encode(secret)]);
    const expected = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
    expect(base64(hash!)).toEqual(expected);
  });

  it("refuses bad configuration with the one error shape and changes nothing; a GUEST cannot configure", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    const before = (await (await documentOf(hub)).json()) as DesiredStateDocument;
    const bad = await api(
      `/v1/sites/${siteId}/equipment/e-1`,
      jsonInit(
        "PUT",
        { name: "X", type: "FRIDGE", setTemperature: 9, optimalMin: 0, optimalMax: 5 },
        owner.token,
      ),
    );
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_ERROR");
    const guest = await signUpUser();
    await addMember(
      { db: drizzle(env.SITES_DB, { schema }), clock: systemClock },
      { siteId, userId: guest.id, role: "GUEST" },
    );
    const refused = await api(
      `/v1/sites/${siteId}/devices`,
      jsonInit("POST", { kind: "FRIDGE", name: "F" }, guest.token),
    );
    expect(refused.status).toBe(403);
    const after = (await (await documentOf(hub)).json()) as DesiredStateDocument;
    expect(after.sections.devices).toEqual(before.sections.devices);
    expect(after.sections.equipment).toEqual(before.sections.equipment);
  });

  it("records the version the hub reports applied, with the schema version of each section", async () => {
    const { hub } = await siteWithHub();
    const res = await asHub(hub, `/v1/hubs/${hub.hubId}/desired-state/applied`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ version: 1, sections: { trustedKeys: 2, members: 1, site: 1 } }),
    });
    expect(res.status).toBe(204);
    const row = await drizzle(env.SITES_DB, { schema }).select().from(schema.hubDesiredState).all();
    expect(row.find((r) => r.hubId === hub.hubId)).toMatchObject({
      appliedVersion: 1,
      appliedSections: { trustedKeys: 2, members: 1, site: 1 },
      lastError: null,
    });
  });
});

describe("remote actions (cloud side)", () => {
  it("queues an acknowledgement as the caller, hands it to the hub, and marks it APPLIED once", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    // Only an alarm the site's ledger holds can be acted on (another site's id is 404).
    expect((await postBatch(hub, [alarmRaised(hub, 1, { alarmId: "alarm-1" })])).status).toBe(200);
    const queued = await api(
      `/v1/sites/${siteId}/alarms/alarm-1/acknowledge`,
      jsonInit("POST", { note: "door shut" }, owner.token),
    );
    expect(queued.status).toBe(202);
    const { actionId, status } = (await queued.json()) as { actionId: string; status: string };
    expect(status).toBe("PENDING");

    const pending = (await (await asHub(hub, `/v1/hubs/${hub.hubId}/actions`)).json()) as {
      actions: unknown[];
    };
    expect(pending.actions).toEqual([
      {
        id: actionId,
        kind: "alarm.acknowledge",
        target: "alarm-1",
        input: { note: "door shut" },
        by: { userId: owner.id, name: owner.email },
      },
    ]);
    const report = (body: unknown) =>
      asHub(hub, `/v1/hubs/${hub.hubId}/actions/${actionId}/result`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await report({ status: "APPLIED", result: null })).status).toBe(200);
    // A late duplicate report (a retried round) changes nothing.
    await report({ status: "FAILED", result: { message: "again" } });
    const all = (await (
      await api(`/v1/sites/${siteId}/actions?status=all`, {
        headers: { authorization: `Bearer ${owner.token}` },
      })
    ).json()) as {
      actions: { id: string; status: string; appliedAt?: string }[];
    };
    expect(all.actions).toEqual([
      expect.objectContaining({ id: actionId, status: "APPLIED", appliedAt: expect.any(String) }),
    ]);
    const none = (await (await asHub(hub, `/v1/hubs/${hub.hubId}/actions`)).json()) as { actions: unknown[] };
    expect(none.actions).toEqual([]);
  });

  it("refuses a GUEST (403) and a close without a corrective action (400)", async () => {
    const { owner, siteId } = await siteWithHub();
    const guest = await signUpUser();
    await addMember(
      { db: drizzle(env.SITES_DB, { schema }), clock: systemClock },
      { siteId, userId: guest.id, role: "GUEST" },
    );
    const refused = await api(`/v1/sites/${siteId}/alarms/a/acknowledge`, jsonInit("POST", {}, guest.token));
    expect(refused.status).toBe(403);
    const bad = await api(`/v1/sites/${siteId}/alarms/a/close`, jsonInit("POST", {}, owner.token));
    expect(bad.status).toBe(400);
  });
});

function base64(text: string): Uint8Array {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
}
