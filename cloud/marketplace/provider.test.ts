/**
 * The provider's side under workerd: nearby providers hear of a new request (by distance and kind of work), a
 * provider's own bid list shows nothing of another's, and scheduling assigns the crew and a slot with events.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { api, authed, signUpUser, type TestUser } from "../../edge/testing/fixtures.ts";
import { bid, call, openRequest, provider, serviceSite, somewhere } from "./testing.ts";

async function titles(user: TestUser): Promise<string[]> {
  const res = await api("/v1/notifications", authed(user.token));
  return ((await res.json()) as { notifications: { title: string }[] }).notifications.map((n) => n.title);
}

describe("a new request reaches nearby providers", () => {
  it("notifies the providers in reach for its kind of work, and not the others", async () => {
    const at = somewhere();
    const site = await serviceSite(at);
    const near = await provider({ lat: 0, lon: at.lon + 0.1 }); // 11.1 km, radius 30
    const far = await provider({ lat: 0, lon: at.lon + 0.5 }); // 55.6 km
    const heating = await provider({ lat: 0, lon: at.lon - 0.1 }, { serviceTypes: ["HEATING"] });
    const id = await openRequest(site);
    const number = (await call<{ number: string }>(site.owner, "GET", `/v1/marketplace/requests/${id}`)).body
      .number;
    const title = `Service request ${number}`;
    await vi.waitFor(async () => expect(await titles(near.admin)).toContain(title), {
      timeout: 30_000,
      interval: 100,
    });
    // One event makes every recipient's row in one batch: the near provider's is there, so the others' would be.
    expect(await titles(site.owner)).toContain(title);
    expect(await titles(far.admin)).not.toContain(title);
    expect(await titles(heating.admin)).not.toContain(title);
  });
});

describe("a provider's bids", () => {
  it("lists its own bids with their request; another provider's list and bids answer NOT_FOUND", async () => {
    const at = somewhere();
    const site = await serviceSite(at);
    const a = await provider({ lat: 0, lon: at.lon + 0.1 });
    const b = await provider({ lat: 0, lon: at.lon - 0.1 });
    const id = await openRequest(site, "Freezer ices up");
    const bidA = await bid(a, id, 10_000);
    const bidB = await bid(b, id, 12_000);
    const mine = await call<{ bids: { id: string; amount: number; request: { title: string } }[] }>(
      a.admin,
      "GET",
      `/v1/marketplace/providers/${a.id}/bids`,
    );
    expect(mine.status).toBe(200);
    expect(mine.body.bids).toMatchObject([
      { id: bidA, amount: 10_000, request: { title: "Freezer ices up" } },
    ]);
    const theirs = await call<{ error: { code: string } }>(
      a.admin,
      "GET",
      `/v1/marketplace/providers/${b.id}/bids`,
    );
    expect(theirs.status).toBe(404);
    expect(theirs.body.error.code).toBe("NOT_FOUND");
    expect((await call(a.admin, "GET", `/v1/marketplace/bids/${bidB}`)).status).toBe(404);
  });
});

describe("scheduling a work order", () => {
  it("assigns the crew and a slot (events recorded), refuses someone outside the crew", async () => {
    const at = somewhere();
    const site = await serviceSite(at);
    const p = await provider({ lat: 0, lon: at.lon + 0.1 });
    const tech = await signUpUser("crew");
    const added = await call(p.admin, "POST", `/v1/marketplace/providers/${p.id}/technicians`, {
      userId: tech.id,
    });
    expect(added.status).toBe(204);
    const id = await openRequest(site);
    const { workOrderId } = (
      await call<{ workOrderId: string }>(
        site.owner,
        "POST",
        `/v1/marketplace/bids/${await bid(p, id)}/accept`,
      )
    ).body;
    const stranger = await signUpUser();
    const outside = await call(p.admin, "POST", `/v1/marketplace/work-orders/${workOrderId}/technicians`, {
      technicianIds: [stranger.id],
    });
    expect(outside.status).toBe(400);
    const assigned = await call<{ technicians: { name: string }[] }>(
      p.admin,
      "POST",
      `/v1/marketplace/work-orders/${workOrderId}/technicians`,
      { technicianIds: [tech.id] },
    );
    expect(assigned.status).toBe(200);
    expect(assigned.body.technicians).toHaveLength(1);
    expect(assigned.body.technicians[0]!.name).not.toContain(tech.id);
    const slot = { slotStart: "2026-06-02T08:00:00.000Z", slotEnd: "2026-06-02T10:00:00.000Z" };
    const scheduled = await call<{ slotStart: number }>(
      p.admin,
      "POST",
      `/v1/marketplace/work-orders/${workOrderId}/schedule`,
      slot,
    );
    expect(scheduled.body.slotStart).toBe(Date.parse(slot.slotStart));
    // The crew member may read the schedule but not change it.
    expect(
      (await call(tech, "POST", `/v1/marketplace/work-orders/${workOrderId}/schedule`, slot)).status,
    ).toBe(404);
    const events = await env.MARKETPLACE_DB.prepare(
      "SELECT json_extract(event, '$.type') AS type FROM marketplace_outbox WHERE json_extract(event, '$.data.workOrderId') = ? ORDER BY created_at",
    )
      .bind(workOrderId)
      .all<{ type: string }>();
    expect(events.results.map((e) => e.type)).toEqual(
      expect.arrayContaining(["work.order.created", "work.order.assigned", "work.order.scheduled"]),
    );
  });
});
