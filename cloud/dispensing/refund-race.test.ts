/** An online order refunded in the cloud while a hub, offline, hands it over: the order stays refunded and is flagged. */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { buildDeps } from "../../edge/deps.ts";
import { deliver, eventsOf, stripe } from "../../edge/testing/billing-fixtures.ts";
import { api, authed, jsonInit, postBatch, siteWithHub } from "../../edge/testing/fixtures.ts";
import { buildEvent } from "../../shared/events/index.ts";
import { billingModule } from "../billing/module.ts";
import { refundPayment } from "../billing/payments.ts";

type Order = { id: string; status: string; flag: string | null; codeRevoked: boolean };

describe("a refund racing a hand-over at an offline hub", () => {
  it("keeps the order refunded, flags it, and leaves it out of the sales", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    const cola = {
      name: "Cola",
      category: "Drinks",
      priceMinor: 3000,
      currency: "SEK",
      dispensable: true,
      available: true,
      lowStockThreshold: 0,
    };
    expect(
      (await api(`/v1/sites/${siteId}/dispensing/products/cola`, jsonInit("PUT", cola, owner.token))).status,
    ).toBe(200);
    const made = await api(
      `/v1/sites/${siteId}/dispensing/orders`,
      jsonInit("POST", { items: [{ productId: "cola", quantity: 1 }] }, owner.token),
    );
    const order = (await made.json()) as Order;
    const started = await api(
      "/v1/billing/payments/checkout",
      jsonInit("POST", { payable: { kind: "DISPENSING_ORDER", id: order.id }, returnTo: "/" }, owner.token),
    );
    const checkout = (await started.json()) as { url: string; sessionId: string; paymentId: string };
    expect((await fetch(`${checkout.url}/pay`, { method: "POST", redirect: "manual" })).status).toBe(303);
    const intentId = (await stripe.checkout.sessions.retrieve(checkout.sessionId)).payment_intent as string;
    const [succeeded] = await eventsOf("payment_intent.succeeded", (o) => o.id === intentId);
    expect((await deliver(succeeded!)).status).toBe(200);
    const read = async () =>
      (await (
        await api(`/v1/sites/${siteId}/dispensing/orders/${order.id}`, authed(owner.token))
      ).json()) as Order;
    await vi.waitFor(async () => expect((await read()).status).toBe("PAID"), {
      timeout: 30_000,
      interval: 50,
    });

    // Refunded in the cloud: the code is revoked, but the hub has not heard yet.
    const billing = buildDeps(env).modules.depsOf(billingModule).payments!;
    await refundPayment(billing, { paymentId: checkout.paymentId, reason: "changed my mind", by: "admin-1" });
    await vi.waitFor(async () => expect((await read()).status).toBe("REFUNDED"), {
      timeout: 30_000,
      interval: 50,
    });

    // Offline, the hub had already handed it over; its order.completed syncs up afterwards.
    const completed = buildEvent({
      type: "order.completed",
      source: { siteId: hub.siteId, hubId: hub.hubId, module: "dispensing" },
      occurredAt: Date.now(),
      data: { orderId: order.id, by: "Lobby dispenser", at: new Date().toISOString() },
    });
    expect((await postBatch(hub, [{ ...completed, seq: 1 }])).status).toBe(200);
    const after = await vi.waitFor(
      async () => {
        const o = await read();
        expect(o.flag).toBeTruthy();
        return o;
      },
      { timeout: 30_000, interval: 50 },
    );
    expect(after.status).toBe("REFUNDED");
    expect(after.flag).toMatch(/handed over at a hub after it was refunded/);
    const sales = (await (await api(`/v1/sites/${siteId}/dispensing/sales`, authed(owner.token))).json()) as {
      today: { orders: number };
    };
    expect(sales.today.orders).toBe(0);
  });
});
