/**
 * The marketplace under workerd: who may open a request and read a bid, nearby order and rating arithmetic
 * against hand-computed fixtures, and two accepts at the same moment making one work order.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { signUpUser } from "../../edge/testing/fixtures.ts";
import { bid, call, openRequest, provider, serviceSite, somewhere, sqlCount } from "./testing.ts";

const DB = () => env.MARKETPLACE_DB;

describe("service requests", () => {
  it("refuses a GUEST (FORBIDDEN) and writes nothing; an OWNER opens one with a number", async () => {
    const site = await serviceSite(somewhere());
    const guest = await signUpUser();
    await env.SITES_DB.prepare(
      "INSERT INTO site_members (site_id, user_id, role, created_at) VALUES (?, ?, 'GUEST', ?)",
    )
      .bind(site.siteId, guest.id, Date.now())
      .run();
    const refused = await call<{ error: { code: string } }>(guest, "POST", "/v1/marketplace/requests", {
      siteId: site.siteId,
      equipmentId: site.equipmentId,
      serviceType: "REFRIGERATION",
      title: "Guest tries",
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("FORBIDDEN");
    expect(
      await sqlCount(DB(), "SELECT count(*) AS n FROM service_requests WHERE site_id = ?", site.siteId),
    ).toBe(0);

    const id = await openRequest(site);
    const mine = await call<{ number: string; status: string; preferredSlots: unknown[] }>(
      site.owner,
      "GET",
      `/v1/marketplace/requests/${id}`,
    );
    expect(mine.body).toMatchObject({ status: "PENDING", preferredSlots: [expect.any(Object)] });
    expect(mine.body.number).toMatch(/^SR-\d{6}$/);
    // A GUEST may read it, an outsider may not.
    expect((await call(guest, "GET", `/v1/marketplace/requests/${id}`)).status).toBe(200);
    expect((await call(await signUpUser(), "GET", `/v1/marketplace/requests/${id}`)).status).toBe(404);
  });

  it("lists nearby providers by great-circle distance, then Bayesian rating (hand-computed fixture)", async () => {
    const at = somewhere();
    const site = await serviceSite(at);
    // On the equator 0.1° is 6371.0088 km × 0.1 × π/180 = 11.1195 km in either direction; (0.1°, 0.1°) is
    // 2·R·asin(√(sin²0.05° + cos0.1°·sin²0.05°)) = 15.7253 km.
    const far = await provider({ lat: 0, lon: at.lon + 0.2 }, { name: "Far" }); // 22.2 km
    const one5 = await provider({ lat: 0.1, lon: at.lon }, { name: "One five-star" }); // 11.1 km
    const fifty48 = await provider({ lat: 0, lon: at.lon - 0.1 }, { name: "Fifty 4.8s" }); // 11.1 km
    const diagonal = await provider({ lat: 0.1, lon: at.lon + 0.1 }, { name: "Diagonal" }); // 15.7 km
    await provider({ lat: 0, lon: at.lon + 0.5 }, { name: "Out of reach", radiusKm: 50 }); // 55.6 km > 50
    await provider({ lat: 0, lon: at.lon + 0.05 }, { name: "Heating only", serviceTypes: ["HEATING"] });
    const rate = (id: string, sum: number, count: number) =>
      DB()
        .prepare("UPDATE providers SET rating_sum = ?, rating_count = ? WHERE id = ?")
        .bind(sum, count, id)
        .run();
    await rate(one5.id, 5, 1);
    await rate(fifty48.id, 240, 50);
    const id = await openRequest(site);
    const res = await call<{ providers: { name: string; distanceKm: number; score: number }[] }>(
      site.owner,
      "GET",
      `/v1/marketplace/requests/${id}/providers`,
    );
    expect(res.body.providers.map((p) => [p.name, p.distanceKm])).toEqual([
      ["Fifty 4.8s", 11.1],
      ["One five-star", 11.1],
      ["Diagonal", 15.7],
      ["Far", 22.2],
    ]);
    // C = 4, m = 5: (240 + 20) / 55 and (5 + 20) / 6.
    expect(res.body.providers[0]!.score).toBeCloseTo(260 / 55, 10);
    expect(res.body.providers[1]!.score).toBeCloseTo(25 / 6, 10);
    // The provider's inbox finds the request the same way.
    const inbox = await call<{ requests: { id: string; distanceKm: number }[] }>(
      far.admin,
      "GET",
      `/v1/marketplace/providers/${far.id}/inbox`,
    );
    expect(inbox.body.requests).toEqual([expect.objectContaining({ id, distanceKm: 22.2 })]);
    void diagonal;
  });
});

describe("bids", () => {
  it("lets a provider read only its own bids; one open bid per provider per request", async () => {
    const at = somewhere();
    const site = await serviceSite(at);
    const a = await provider({ lat: 0, lon: at.lon + 0.1 });
    const b = await provider({ lat: 0, lon: at.lon - 0.1 });
    const id = await openRequest(site);
    const bidA = await bid(a, id, 10_000);
    const bidB = await bid(b, id, 12_000);
    expect((await call(b.admin, "GET", `/v1/marketplace/bids/${bidA}`)).status).toBe(404);
    expect((await call(a.admin, "GET", `/v1/marketplace/bids/${bidA}`)).status).toBe(200);
    const listed = await call<{ bids: { id: string }[] }>(
      b.admin,
      "GET",
      `/v1/marketplace/requests/${id}/bids`,
    );
    expect(listed.body.bids.map((x) => x.id)).toEqual([bidB]);
    const owner = await call<{ bids: { id: string }[] }>(
      site.owner,
      "GET",
      `/v1/marketplace/requests/${id}/bids`,
    );
    expect(owner.body.bids.map((x) => x.id).sort()).toEqual([bidA, bidB].sort());
    const again = await call(a.admin, "POST", `/v1/marketplace/requests/${id}/bids`, {
      providerId: a.id,
      amount: 9_000,
      earliestAt: "2026-06-02T08:00:00.000Z",
    });
    expect(again.status).toBe(409);
    expect(await sqlCount(DB(), "SELECT count(*) AS n FROM bids WHERE request_id = ?", id)).toBe(2);
  });

  it("makes exactly one work order from two accepts at the same moment", async () => {
    const at = somewhere();
    const site = await serviceSite(at);
    const a = await provider({ lat: 0, lon: at.lon + 0.1 });
    const b = await provider({ lat: 0, lon: at.lon - 0.1 });
    const id = await openRequest(site);
    const [bidA, bidB] = [await bid(a, id), await bid(b, id)];
    const results = await Promise.all([
      call(site.owner, "POST", `/v1/marketplace/bids/${bidA}/accept`),
      call(site.owner, "POST", `/v1/marketplace/bids/${bidB}/accept`),
      call(site.owner, "POST", `/v1/marketplace/bids/${bidA}/accept`),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    expect(await sqlCount(DB(), "SELECT count(*) AS n FROM work_orders WHERE request_id = ?", id)).toBe(1);
    const statuses = await DB()
      .prepare("SELECT status FROM bids WHERE request_id = ? ORDER BY status")
      .bind(id)
      .all<{ status: string }>();
    expect(statuses.results.map((r) => r.status)).toEqual(["ACCEPTED", "DECLINED"]);
    expect(
      await sqlCount(
        DB(),
        "SELECT count(*) AS n FROM marketplace_outbox WHERE json_extract(event, '$.type') = 'work.order.created' AND json_extract(event, '$.data.requestId') = ?",
        id,
      ),
    ).toBe(1);
    const order = await DB()
      .prepare("SELECT number, status FROM work_orders WHERE request_id = ?")
      .bind(id)
      .first<{ number: string; status: string }>();
    expect(order).toMatchObject({ status: "SCHEDULED", number: expect.stringMatching(/^WO-\d{6}$/) });
  });
});
