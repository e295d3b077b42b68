/** Buying on Stripe's hosted Checkout, and the site's sales across its hubs and online, in workerd (real D1, queue, emulator). */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { buildDeps } from "../../edge/deps.ts";
import { deliver, eventsOf, stripe } from "../../edge/testing/billing-fixtures.ts";
import {
  api,
  authed,
  claimHub,
  jsonInit,
  postBatch,
  signUpUser,
  type TestHub,
  type TestUser,
} from "../../edge/testing/fixtures.ts";
import { localTime, startOfLocalDay } from "../../shared/clock/index.ts";
import { buildEvent } from "../../shared/events/index.ts";
import { addMember } from "../sites/members.ts";
import { sitesModule } from "../sites/module.ts";

const ZONE = "Pacific/Auckland";
const product = (name: string, priceMinor: number) => ({
  name,
  category: "Drinks",
  priceMinor,
  currency: "SEK",
  dispensable: true,
  available: true,
  lowStockThreshold: 2,
});
type Order = { id: string; status: string; token: string | null };
type Sales = {
  timeZone: string;
  today: { day: string; orders: number; totals: { currency: string; amount: number }[] };
  bestSellers: { name: string; quantity: number }[];
  trend: { day: string; orders: number; totals: { currency: string; amount: number }[] }[];
  recent: { id: string; status: string; hubId: string | null; items: { name: string }[] }[];
};

let owner: TestUser;
let guest: TestUser;
let siteId: string;
let hubs: TestHub[];
const ymd = (ms: number) => {
  const t = localTime(ms, ZONE);
  return `${t.year}-${String(t.month).padStart(2, "0")}-${String(t.day).padStart(2, "0")}`;
};

beforeAll(async () => {
  [owner, guest] = await Promise.all([signUpUser(), signUpUser()]);
  const made = await api(
    "/v1/sites",
    jsonInit("POST", { name: "Harbour kiosk", timeZone: ZONE }, owner.token),
  );
  siteId = ((await made.json()) as { id: string }).id;
  const sites = buildDeps(env).modules.depsOf(sitesModule);
  await addMember(sites, { siteId, userId: guest.id, role: "GUEST" });
  hubs = [await claimHub(owner, siteId), await claimHub(owner, siteId)];
  for (const [id, p] of [
    ["cola", product("Cola", 3000)],
    ["chips", product("Chips", 1500)],
  ] as const) {
    const res = await api(`/v1/sites/${siteId}/dispensing/products/${id}`, jsonInit("PUT", p, owner.token));
    expect(res.status).toBe(200);
  }
});

/** A hub's sale as its outbox sends it: created, then paid at `paidAt` (and refunded, when asked). */
async function hubSale(
  hub: TestHub,
  seq: number,
  item: [string, string, number, number],
  paidAt: number,
  refund = false,
) {
  const [productId, name, quantity, unitMinor] = item;
  const orderId = crypto.randomUUID();
  const source = { siteId: hub.siteId, hubId: hub.hubId, module: "dispensing" };
  const ev = (type: string, data: Record<string, unknown>, at: number, s: number) => ({
    ...buildEvent({ type: type as "order.created", source, occurredAt: at, data: data as never }),
    seq: s,
  });
  const total = quantity * unitMinor;
  const events = [
    ev(
      "order.created",
      {
        orderId,
        channel: "POS",
        items: [{ productId, name, quantity, unitMinor }],
        totalMinor: total,
        currency: "SEK",
        createdBy: "Ana",
        createdAt: new Date(paidAt - 1000).toISOString(),
      },
      paidAt - 1000,
      seq,
    ),
    ev(
      "order.paid",
      {
        orderId,
        payment: "CASH",
        totalMinor: total,
        currency: "SEK",
        paidAt: new Date(paidAt).toISOString(),
      },
      paidAt,
      seq + 1,
    ),
    ...(refund
      ? [ev("order.refunded", { orderId, by: "Ana", at: new Date(paidAt).toISOString() }, paidAt, seq + 2)]
      : []),
  ];
  expect((await postBatch(hub, events)).status).toBe(200);
  return orderId;
}

describe("buying online on Stripe's hosted Checkout", () => {
  it("prices on the server, refuses a foreign return address, pays, and signs the code", async () => {
    const made = await api(
      `/v1/sites/${siteId}/dispensing/orders`,
      jsonInit("POST", { items: [{ productId: "cola", quantity: 1 }] }, guest.token),
    );
    expect(made.status).toBe(201);
    const order = (await made.json()) as Order;
    const payable = { kind: "DISPENSING_ORDER", id: order.id };

    for (const returnTo of ["https://evil.example/x", "//evil.example/x", "/shop\\@evil"]) {
      const bad = await api(
        "/v1/billing/payments/checkout",
        jsonInit("POST", { payable, returnTo }, guest.token),
      );
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_ERROR");
    }
    // Only the buyer pays their order; anyone else is told there is nothing to pay.
    const other = await api(
      "/v1/billing/payments/checkout",
      jsonInit("POST", { payable, returnTo: `/sites/${siteId}/shop` }, owner.token),
    );
    expect(other.status).toBe(404);

    const started = await api(
      "/v1/billing/payments/checkout",
      jsonInit(
        "POST",
        { payable, amount: 1, returnTo: `/sites/${siteId}/shop?order=${order.id}` },
        guest.token,
      ),
    );
    expect(started.status).toBe(201);
    const checkout = (await started.json()) as {
      url: string;
      sessionId: string;
      amount: number;
      currency: string;
    };
    expect([checkout.amount, checkout.currency]).toEqual([3000, "sek"]);
    const session = await stripe.checkout.sessions.retrieve(checkout.sessionId);
    expect([session.mode, session.amount_total]).toEqual(["payment", 3000]);
    expect(session.success_url).toMatch(
      new RegExp(`/sites/${siteId}/shop\\?order=${order.id}&checkout=success$`),
    );

    const pay = await fetch(`${checkout.url}/pay`, { method: "POST", redirect: "manual" });
    expect(pay.status).toBe(303);
    const intentId = (await stripe.checkout.sessions.retrieve(checkout.sessionId)).payment_intent as string;
    const [succeeded] = await eventsOf("payment_intent.succeeded", (o) => o.id === intentId);
    expect((await deliver(succeeded!)).status).toBe(200);
    const paid = await vi.waitFor(
      async () => {
        const res = await api(`/v1/sites/${siteId}/dispensing/orders/${order.id}`, authed(guest.token));
        const o = (await res.json()) as Order;
        expect(o.status).toBe("PAID");
        return o;
      },
      { timeout: 30_000, interval: 50 },
    );
    expect(paid.token).toBeTruthy();
    // Paid once: a second Checkout for the same order is refused.
    const again = await api(
      "/v1/billing/payments/checkout",
      jsonInit("POST", { payable, returnTo: `/sites/${siteId}/shop` }, guest.token),
    );
    expect(again.status).toBe(404);
  });
});

describe("the site's sales across its hubs", () => {
  it("counts paid orders of every hub and online on the site's days; refunds and cancellations are out", async () => {
    const midnight = startOfLocalDay(Date.now(), ZONE);
    const today = ymd(Date.now());
    const yesterday = ymd(midnight - 60_000);
    // Just after the site's midnight is today there, just before is yesterday (both the same UTC date here).
    await hubSale(hubs[0]!, 1, ["cola", "Cola", 2, 3000], midnight + 60_000);
    await hubSale(hubs[1]!, 1, ["chips", "Chips", 1, 1500], midnight - 60_000);
    await hubSale(hubs[1]!, 3, ["chips", "Chips", 5, 1500], midnight + 120_000, true);

    const sales = await vi.waitFor(
      async () => {
        const res = await api(`/v1/sites/${siteId}/dispensing/sales`, authed(owner.token));
        expect(res.status).toBe(200);
        const s = (await res.json()) as Sales;
        expect(s.recent).toHaveLength(4);
        expect(s.recent.find((o) => o.items[0]!.name === "Chips" && o.status === "REFUNDED")).toBeTruthy();
        expect(s.today.orders).toBe(2);
        return s;
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(sales.timeZone).toBe(ZONE);
    // Today: the hub's two colas and the online cola (the Checkout test above), not the refunded chips.
    expect(sales.today).toEqual({ day: today, orders: 2, totals: [{ currency: "SEK", amount: 9000 }] });
    expect(sales.trend).toHaveLength(14);
    expect(sales.trend.at(-1)).toEqual(sales.today);
    expect(sales.trend.at(-2)).toEqual({
      day: yesterday,
      orders: 1,
      totals: [{ currency: "SEK", amount: 1500 }],
    });
    expect(sales.bestSellers.map((b) => [b.name, b.quantity])).toEqual([
      ["Cola", 3],
      ["Chips", 1],
    ]);
    expect(new Set(sales.recent.map((o) => o.hubId))).toEqual(
      new Set([null, hubs[0]!.hubId, hubs[1]!.hubId]),
    );
  });

  it("shows sales to the owner and maintainers only; the catalog's prices to the owner only", async () => {
    const sales = await api(`/v1/sites/${siteId}/dispensing/sales`, authed(guest.token));
    expect(sales.status).toBe(403);
    expect(((await sales.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
    const stranger = await signUpUser();
    expect((await api(`/v1/sites/${siteId}/dispensing/sales`, authed(stranger.token))).status).toBe(403);
    const price = await api(
      `/v1/sites/${siteId}/dispensing/products/cola`,
      jsonInit("PUT", product("Cola", 1), guest.token),
    );
    expect(price.status).toBe(403);
    const list = await api(`/v1/sites/${siteId}/dispensing/products`, authed(guest.token));
    const cola = ((await list.json()) as { products: { id: string; priceMinor: number }[] }).products.find(
      (p) => p.id === "cola",
    );
    expect(cola!.priceMinor).toBe(3000);
  });
});
