/** The cloud dispensing module in workerd (real D1, real queue, the Stripe emulator): online order → code → hub completes it. */
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { buildDeps } from "../../edge/deps.ts";
import { deliver, eventsOf, stripe } from "../../edge/testing/billing-fixtures.ts";
import { api, authed, jsonInit, postBatch, siteWithHub } from "../../edge/testing/fixtures.ts";
import { importVerifyKey, verifyQrToken } from "../../shared/dispensing/index.ts";
import { buildEvent } from "../../shared/events/index.ts";
import { sitesModule } from "../sites/module.ts";

const COLA = {
  name: "Cola",
  category: "Drinks",
  priceMinor: 3000,
  currency: "SEK",
  dispensable: true,
  available: true,
  lowStockThreshold: 2,
};

type Order = { id: string; status: string; totalMinor: number; token: string | null; codeId: string | null };

describe("online orders through billing, codes the hub trusts, completion from the hub", () => {
  it("prices from the catalog, signs the code on payment, sends the key and catalog down, completes on the hub's event", async () => {
    const { owner, siteId, hub } = await siteWithHub();
    const put = await api(`/v1/sites/${siteId}/dispensing/products/cola`, jsonInit("PUT", COLA, owner.token));
    expect(put.status).toBe(200);
    const made = await api(
      `/v1/sites/${siteId}/dispensing/orders`,
      jsonInit("POST", { items: [{ productId: "cola", quantity: 2 }] }, owner.token),
    );
    expect(made.status).toBe(201);
    const order = (await made.json()) as Order;
    expect([order.status, order.totalMinor]).toEqual(["PENDING", 6000]);

    // Billing asks the module for the amount; a client's amount is never read.
    const started = await api(
      "/v1/billing/payments",
      jsonInit("POST", { payable: { kind: "DISPENSING_ORDER", id: order.id }, amount: 1 }, owner.token),
    );
    expect(started.status).toBe(201);
    const payment = (await started.json()) as { paymentIntentId: string; amount: number; currency: string };
    expect([payment.amount, payment.currency]).toEqual([6000, "sek"]);
    await stripe.paymentIntents
      .confirm(payment.paymentIntentId, { payment_method: "pm_card_visa" })
      .catch(() => {});
    const [succeeded] = await eventsOf("payment_intent.succeeded", (o) => o.id === payment.paymentIntentId);
    expect((await deliver(succeeded!)).status).toBe(200);

    const paid = await vi.waitFor(
      async () => {
        const res = await api(`/v1/sites/${siteId}/dispensing/orders/${order.id}`, authed(owner.token));
        const o = (await res.json()) as Order;
        expect(o.status).toBe("PAID");
        return o;
      },
      { timeout: 30_000, interval: 50 },
    );
    expect(paid.token).toBeTruthy();

    // What the hub gets: the cloud's qr key among its trusted keys, and the catalog.
    const producers = buildDeps(env).modules.depsOf(sitesModule).producers();
    const trusted = (await producers
      .find((p) => p.section === "trustedKeys" && p.version === 2)!
      .produce(siteId)) as {
      keys: { kid: string; purpose: string; x: string }[];
    };
    const qr = trusted.keys.find((k) => k.purpose === "qr")!;
    const verified = await verifyQrToken(
      paid.token!,
      async (kid) => (kid === qr.kid ? importVerifyKey(qr) : undefined),
      {
        site: siteId,
        now: Date.now(),
      },
    );
    expect(verified.ok).toBe(true);
    const section = (await producers.find((p) => p.section === "dispensing")!.produce(siteId)) as {
      products: { id: string; priceMinor: number }[];
    };
    expect(section.products).toEqual([expect.objectContaining({ id: "cola", priceMinor: 3000 })]);

    // The hub redeemed it offline; its order.completed syncs up and completes the order here.
    const completed = buildEvent({
      type: "order.completed",
      source: { siteId: hub.siteId, hubId: hub.hubId, module: "dispensing" },
      occurredAt: Date.now(),
      data: { orderId: order.id, by: "Lobby dispenser", at: new Date().toISOString() },
    });
    expect((await postBatch(hub, [{ ...completed, seq: 1 }])).status).toBe(200);
    await vi.waitFor(
      async () => {
        const res = await api(`/v1/sites/${siteId}/dispensing/orders/${order.id}`, authed(owner.token));
        expect(((await res.json()) as Order).status).toBe("COMPLETED");
      },
      { timeout: 30_000, interval: 50 },
    );
  });

  it("refuses someone who is not a member of the site", async () => {
    const { siteId } = await siteWithHub();
    const { owner: stranger } = await siteWithHub();
    const res = await api(`/v1/sites/${siteId}/dispensing/products`, authed(stranger.token));
    expect(res.status).toBe(403);
  });
});
