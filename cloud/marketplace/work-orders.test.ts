/**
 * A work order's life under workerd: technicians, a visit recorded on the hub (its events applied once, by the
 * conflict rule), payment through billing with the server's total, and feedback's rating arithmetic.
 */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deliver as deliverWebhook, eventsOf, stripe } from "../../edge/testing/billing-fixtures.ts";
import { signUpUser, type TestUser } from "../../edge/testing/fixtures.ts";
import { buildEvent, type EventData, type EventEnvelope, type EventType } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { hashSignInCode } from "../../shared/sign-in-code/index.ts";
import {
  bid,
  call,
  deliver,
  openRequest,
  provider,
  type ServiceSite,
  serviceSite,
  somewhere,
  sqlCount,
  type TestProvider,
} from "./testing.ts";

const DB = () => env.MARKETPLACE_DB;
const at = (minute: number) => new Date(Date.UTC(2026, 5, 2, 9, minute)).toISOString();

interface Order {
  site: ServiceSite;
  pro: TestProvider;
  tech: TestUser;
  workOrderId: string;
}

/** Request → bid → accept → a technician of the provider's crew assigned. */
async function order(): Promise<Order> {
  const where = somewhere();
  const site = await serviceSite(where);
  const pro = await provider({ lat: 0, lon: where.lon + 0.1 });
  const tech = await signUpUser("crew");
  expect(
    (await call(pro.admin, "POST", `/v1/marketplace/providers/${pro.id}/technicians`, { userId: tech.id }))
      .status,
  ).toBe(204);
  const requestId = await openRequest(site);
  const bidId = await bid(pro, requestId, 12_000);
  const accepted = await call<{ workOrderId: string }>(
    site.owner,
    "POST",
    `/v1/marketplace/bids/${bidId}/accept`,
  );
  const { workOrderId } = accepted.body;
  expect(
    (
      await call(pro.admin, "POST", `/v1/marketplace/work-orders/${workOrderId}/technicians`, {
        technicianIds: [tech.id],
      })
    ).status,
  ).toBe(200);
  return { site, pro, tech, workOrderId };
}

function visitEvent<T extends EventType>(o: Order, type: T, data: EventData<T>): EventEnvelope {
  return buildEvent({
    type,
    data,
    occurredAt: Date.now(),
    source: { siteId: o.site.siteId, hubId: o.site.hub.hubId, module: "service" },
  });
}

/** The hub's five visit events for one visit, in the order the technician made them. */
function visitUpload(o: Order) {
  const visit = { visitId: uuidv7(), workOrderId: o.workOrderId, technicianId: o.tech.id };
  return [
    visitEvent(o, "service.visit.checked-in", { ...visit, at: at(0) }),
    visitEvent(o, "service.visit.snapshot", {
      ...visit,
      equipmentId: o.site.equipmentId,
      readings: [{ at: at(0), temperature: 9.2 }],
      openAlarms: [{ alarmId: "a-1", kind: "HIGH_TEMPERATURE", raisedAt: at(0) }],
      at: at(1),
    }),
    visitEvent(o, "service.visit.noted", {
      ...visit,
      opId: uuidv7(),
      note: "Condenser fan seized",
      at: at(5),
    }),
    visitEvent(o, "service.visit.parts-used", {
      ...visit,
      items: [
        { opId: uuidv7(), kind: "PART", description: "Condenser fan motor", quantity: 2, unitPrice: 4_500 },
        { opId: uuidv7(), kind: "LABOUR", description: "Labour", quantity: 1.5, unitPrice: 6_000 },
      ],
      at: at(40),
    }),
    visitEvent(o, "service.visit.completed", { ...visit, resolution: "Replaced the fan motor", at: at(45) }),
  ];
}

const orderRow = (id: string) =>
  DB().prepare("SELECT * FROM work_orders WHERE id = ?").bind(id).first<Record<string, unknown>>();

describe("a technician's visit synced from the hub", () => {
  it("completes the order with its parts and the server's totals; the same upload twice changes nothing", async () => {
    const o = await order();
    const upload = visitUpload(o);
    for (const event of upload) await deliver(event);
    const after = await orderRow(o.workOrderId);
    // 2 × 45.00 + 1.5 × 60.00 = 180.00
    expect(after).toMatchObject({
      status: "COMPLETED",
      total_amount: 18_000,
      started_at: Date.parse(at(0)),
      completed_at: Date.parse(at(45)),
    });
    for (const event of [...upload, ...upload]) await deliver(event);
    expect(await orderRow(o.workOrderId)).toEqual(after);
    expect(
      await sqlCount(
        DB(),
        "SELECT count(*) AS n FROM work_order_items WHERE work_order_id = ?",
        o.workOrderId,
      ),
    ).toBe(2);
    const view = await call<{
      visits: { status: string; notes: unknown[]; snapshot: unknown }[];
      technicians: { name: string }[];
    }>(o.site.owner, "GET", `/v1/marketplace/work-orders/${o.workOrderId}`);
    expect(view.body.visits).toEqual([
      expect.objectContaining({
        status: "COMPLETED",
        notes: [expect.objectContaining({ note: "Condenser fan seized" })],
      }),
    ]);
    expect(view.body.technicians).toEqual([{ userId: o.tech.id, name: o.tech.email }]);
    expect(await sqlCount(DB(), "SELECT completed_jobs AS n FROM providers WHERE id = ?", o.pro.id)).toBe(1);
    expect(
      await sqlCount(
        DB(),
        "SELECT count(*) AS n FROM marketplace_outbox WHERE json_extract(event, '$.type') = 'work.order.completed' AND json_extract(event, '$.data.workOrderId') = ?",
        o.workOrderId,
      ),
    ).toBe(1);
  });

  it("merges to the furthest state: a check-in arriving after completion leaves it COMPLETED", async () => {
    const o = await order();
    const [checkIn, , , parts, completed] = visitUpload(o);
    await deliver(completed!);
    await deliver(parts!);
    await deliver(checkIn!);
    expect(await orderRow(o.workOrderId)).toMatchObject({ status: "COMPLETED", total_amount: 18_000 });
    const visit = await DB()
      .prepare("SELECT status, checked_in_at FROM visits WHERE work_order_id = ?")
      .bind(o.workOrderId)
      .first();
    expect(visit).toEqual({ status: "COMPLETED", checked_in_at: Date.parse(at(0)) });
  });

  it("keeps the visit's record on an order cancelled in the cloud while the technician was on site", async () => {
    const o = await order();
    const upload = visitUpload(o);
    await deliver(upload[0]!);
    expect(
      (
        await call(o.site.owner, "POST", `/v1/marketplace/work-orders/${o.workOrderId}/cancel`, {
          reason: "Fixed itself",
        })
      ).status,
    ).toBe(200);
    for (const event of upload.slice(1)) await deliver(event);
    expect(await orderRow(o.workOrderId)).toMatchObject({ status: "CANCELLED", completed_at: null });
    expect(
      await sqlCount(
        DB(),
        "SELECT count(*) AS n FROM work_order_items WHERE work_order_id = ?",
        o.workOrderId,
      ),
    ).toBe(2);
    expect(
      await DB().prepare("SELECT status FROM visits WHERE work_order_id = ?").bind(o.workOrderId).first(),
    ).toEqual({ status: "COMPLETED" });
    expect(await sqlCount(DB(), "SELECT completed_jobs AS n FROM providers WHERE id = ?", o.pro.id)).toBe(0);
  });

  it("ignores a visit for a technician who is not assigned", async () => {
    const o = await order();
    const stranger = { ...o, tech: await signUpUser("crew") };
    for (const event of visitUpload(stranger)) await deliver(event);
    expect(await orderRow(o.workOrderId)).toMatchObject({ status: "SCHEDULED", total_amount: null });
  });
});

describe("payment and feedback", () => {
  it("is paid through billing for the server's total, then rated once (rating arithmetic fixture)", async () => {
    const o = await order();
    // Prior ratings: 4 and 5.
    await DB()
      .prepare("UPDATE providers SET rating_sum = 9, rating_count = 2 WHERE id = ?")
      .bind(o.pro.id)
      .run();
    const done = await call(o.pro.admin, "POST", `/v1/marketplace/work-orders/${o.workOrderId}/complete`, {
      resolution: "Replaced the fan motor",
      items: [
        { opId: uuidv7(), kind: "PART", description: "Condenser fan motor", quantity: 2, unitPrice: 4_500 },
        { opId: uuidv7(), kind: "LABOUR", description: "Labour", quantity: 1.5, unitPrice: 6_000 },
      ],
    });
    expect(done.body).toMatchObject({ status: "COMPLETED", totalAmount: 18_000 });
    const started = await call<{ paymentIntentId: string; amount: number }>(
      o.site.owner,
      "POST",
      "/v1/billing/payments",
      {
        payable: { kind: "WORK_ORDER", id: o.workOrderId },
        amount: 1,
      },
    );
    expect(started.status).toBe(201);
    expect(started.body.amount).toBe(18_000);
    await stripe.paymentIntents.confirm(started.body.paymentIntentId, { payment_method: "pm_card_visa" });
    const [stripeEvent] = await eventsOf(
      "payment_intent.succeeded",
      (x) => x.id === started.body.paymentIntentId,
    );
    expect((await deliverWebhook(stripeEvent!)).status).toBe(200);
    const row = await env.BILLING_DB.prepare(
      "SELECT event FROM billing_outbox WHERE json_extract(event, '$.type') = 'payment.succeeded' AND json_extract(event, '$.data.payableId') = ?",
    )
      .bind(o.workOrderId)
      .first<{ event: string }>();
    const succeeded = JSON.parse(row!.event) as EventEnvelope;
    await deliver(succeeded);
    await deliver(succeeded);
    expect(await orderRow(o.workOrderId)).toMatchObject({ status: "PAID" });

    const first = await call(o.site.owner, "POST", `/v1/marketplace/work-orders/${o.workOrderId}/feedback`, {
      rating: 5,
      comment: "Quick",
    });
    expect(first.status).toBe(200);
    const second = await call(o.site.owner, "POST", `/v1/marketplace/work-orders/${o.workOrderId}/feedback`, {
      rating: 1,
    });
    expect(second.status).toBe(409);
    const rated = await DB()
      .prepare("SELECT rating_sum, rating_count, completed_jobs FROM providers WHERE id = ?")
      .bind(o.pro.id)
      .first();
    expect(rated).toEqual({ rating_sum: 14, rating_count: 3, completed_jobs: 1 });
    const nearby = await call<{ providers: { id: string; rating: number; score: number }[] }>(
      o.site.owner,
      "GET",
      `/v1/marketplace/requests/${(await orderRow(o.workOrderId))!.request_id}/providers`,
    );
    const me = nearby.body.providers.find((p) => p.id === o.pro.id)!;
    expect(me.rating).toBeCloseTo(14 / 3, 10);
    // (14 + 5 × 4) / (3 + 5)
    expect(me.score).toBeCloseTo(4.25, 10);
  });
});

describe("a technician's one-time hub code", () => {
  it("is issued to an assigned technician only, and only its hash is kept", async () => {
    const o = await order();
    const path = `/v1/marketplace/work-orders/${o.workOrderId}/technician-code`;
    expect((await call(o.site.owner, "POST", path)).status).toBe(403);
    expect((await call(o.pro.admin, "POST", path)).status).toBe(403);
    const issued = await call<{ code: string; expiresAt: string }>(o.tech, "POST", path);
    expect(issued.status).toBe(201);
    expect(issued.body.code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(Date.parse(issued.body.expiresAt) - Date.now()).toBeGreaterThan(3.9 * 3600_000);
    const hash = await hashSignInCode(o.site.siteId, issued.body.code);
    expect(await sqlCount(DB(), "select count(*) as n from technician_codes where hash = ?", hash)).toBe(1);
    expect(
      await sqlCount(
        DB(),
        "select count(*) as n from technician_codes where hash like ?",
        `%${issued.body.code}%`,
      ),
    ).toBe(0);
  });
});
