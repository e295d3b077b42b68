import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DispenserSim } from "../../devices/simulators/index.ts";
import {
  generateQrKey,
  importSigningKey,
  newCodeId,
  QR_TTL_MS,
  type QrClaims,
  signQrToken,
} from "../../shared/dispensing/index.ts";
import { commands, dispensingOrders, dispensingScans } from "../db/index.ts";
import { applyDocument } from "../desired-state/index.ts";
import { LOCAL_SITE } from "../identity.ts";
import { eventsOfType } from "../outbox/index.ts";
import { deviceInput, eventually, getJson, sendJson, startTestHub, type TestHub } from "../testing.ts";
import { hubSigningKey } from "./keys.ts";

let h: TestHub;
const sims: DispenserSim[] = [];
const ids: Record<string, string> = {};
let cloudKey: { kid: string; key: CryptoKey };

type Product = { id: string; name: string; onHand: number; reserved: number };
const api = (path: string) => `${h.httpUrl}/api/dispensing${path}`;
const post = <T = Record<string, unknown>>(path: string, body?: unknown) =>
  sendJson<T>("POST", api(path), body, h);
const products = async () => (await getJson<{ products: Product[] }>(api("/products"), h)).body.products;
const stockOf = async (id: string) => (await products()).find((p) => p.id === id)!;
const orderRows = () => h.storage.db.select().from(dispensingOrders);

async function product(name: string, over: Record<string, unknown> = {}) {
  const res = await post<{ id: string }>("/products", { name, priceMinor: 250, currency: "EUR", ...over });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** A paid POS order of `quantity` × product, and its code. */
async function paidCode(productId: string, quantity = 1) {
  const order = await post<{ id: string }>("/orders", { items: [{ productId, quantity }] });
  expect(order.status).toBe(201);
  const paid = await post<{ code: { token: string; id: string } }>(`/orders/${order.body.id}/pay`, {
    payment: "CASH",
  });
  expect(paid.status).toBe(200);
  return { orderId: order.body.id, ...paid.body.code };
}

async function sign(key: { kid: string; key: CryptoKey }, over: Partial<QrClaims>) {
  return signQrToken(key.key, {
    site: LOCAL_SITE,
    id: newCodeId(),
    order: crypto.randomUUID(),
    expiresAt: Date.now() + QR_TTL_MS,
    items: [{ productId: ids.cola!, quantity: 1 }],
    kid: key.kid,
    ...over,
  });
}

const dispensedTotal = () => sims.reduce((n, s) => n + s.dispensed.length, 0);
const refusalsTotal = () => sims.reduce((n, s) => n + s.refusals.length, 0);

beforeAll(async () => {
  h = await startTestHub();
  ids.cola = await product("Cola", { lowStockThreshold: 3 });
  ids.coffee = await product("Coffee", { dispensable: false, priceMinor: 180, lowStockThreshold: 2 });
  ids.chips = await product("Chips");
  // The cloud's qr key comes down in desired state (the hub stays unclaimed: codes name the local site).
  const made = await generateQrKey("cloud-qr-1");
  cloudKey = { kid: "cloud-qr-1", key: await importSigningKey(made.privateJwk) };
  await applyDocument(
    {
      db: h.storage.db,
      sections: h.sections,
      binding: { siteId: "site-1", hubId: "hub-1" },
      now: Date.now(),
    },
    {
      siteId: "site-1",
      hubId: "hub-1",
      version: 1,
      issuedAt: new Date().toISOString(),
      sectionVersions: { trustedKeys: 2 },
      sections: { trustedKeys: { keys: [{ ...made.publicJwk, purpose: "qr" }] } },
    },
  );
  for (let i = 0; i < 5; i++) {
    const paired = await h.pair(deviceInput("DISPENSER"));
    const slots = await sendJson(
      "PUT",
      api(`/dispensers/${paired.id}/slots`),
      {
        slots: [{ slot: 0, productId: ids.cola, capacity: 20 }],
      },
      h,
    );
    expect(slots.status).toBe(200);
    expect(
      (
        await post("/stock", {
          productId: ids.cola,
          delta: 10,
          reason: "restock",
          deviceId: paired.id,
          slot: 0,
        })
      ).status,
    ).toBe(200);
    sims.push(
      await DispenserSim.connect({
        url: h.mqttUrl,
        deviceId: paired.id,
        secret: paired.secret,
        slots: { 0: 10 },
      }),
    );
  }
  expect((await post("/stock", { productId: ids.coffee, delta: 5, reason: "restock" })).status).toBe(200);
});
afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
  await h.destroy();
});

describe("offline QR redemption at the hub", () => {
  it("an unclaimed hub sells and signs its own code; 50 racing scans on 5 dispensers dispense once, 49 refused SPENT", async () => {
    const code = await paidCode(ids.cola!);
    const before = dispensedTotal();
    await Promise.all(sims.flatMap((s) => Array.from({ length: 10 }, () => s.scan(code.token))));
    await eventually(() => dispensedTotal() - before + refusalsTotal() >= 50, 20_000);
    expect(dispensedTotal() - before).toBe(1);
    const refused = sims.flatMap((s) => s.refusals);
    expect(refused).toHaveLength(49);
    expect(new Set(refused.map((r) => r.reason))).toEqual(new Set(["SPENT"]));
    const order = await eventually(async () => {
      const [o] = await h.storage.db
        .select()
        .from(dispensingOrders)
        .where(eq(dispensingOrders.id, code.orderId));
      return o?.status === "COMPLETED" ? o : undefined;
    });
    expect(order!.channel).toBe("POS");
    expect((await stockOf(ids.cola!)).onHand).toBe(49);
    expect(await eventsOfType(h.storage.db, "dispenser.qr.redeemed")).toHaveLength(1);
    expect(await eventsOfType(h.storage.db, "dispenser.qr.rejected")).toHaveLength(49);
  });

  it("the same scan id three times is one redemption, one dispense", async () => {
    const code = await paidCode(ids.cola!);
    const sim = sims[0]!;
    const [before, refusedBefore] = [sim.dispensed.length, sim.refusals.length];
    await Promise.all([1, 2, 3].map(() => sim.scan(code.token, "scan-repeated")));
    await eventually(async () => {
      const [o] = await h.storage.db
        .select()
        .from(dispensingOrders)
        .where(eq(dispensingOrders.id, code.orderId));
      return o?.status === "COMPLETED";
    });
    expect(sim.dispensed.length - before).toBe(1);
    expect(sim.refusals.length).toBe(refusedBefore);
    const scans = await h.storage.db
      .select()
      .from(dispensingScans)
      .where(eq(dispensingScans.scanId, "scan-repeated"));
    expect(scans.map((s) => s.outcome)).toEqual(["REDEEMED"]);
    const sent = await h.storage.db.select().from(commands).where(eq(commands.deviceId, sim.client.deviceId));
    expect(sent.filter((c) => (c.args as { scanId?: string }).scanId === "scan-repeated")).toHaveLength(1);
  });

  it("refuses forged, expired, other-site, revoked, out-of-stock and not-dispensable codes with their reason and no effect", async () => {
    const hubKey = await hubSigningKey(h.storage.db);
    const paid = await paidCode(ids.cola!);
    const refunded = await paidCode(ids.cola!);
    expect((await post(`/orders/${refunded.orderId}/refund`)).status).toBe(200);
    const stranger = await generateQrKey("cloud-qr-1");
    const cases: [string, string][] = [
      ["FORGED", "not-a-code"],
      ["FORGED", await sign({ kid: "cloud-qr-1", key: await importSigningKey(stranger.privateJwk) }, {})],
      ["EXPIRED", await sign(hubKey, { order: paid.orderId, expiresAt: Date.now() - 5 * 60_000 })],
      ["OTHER_SITE", await sign(cloudKey, { site: "another-site" })],
      ["REVOKED", refunded.token],
      ["OUT_OF_STOCK", await sign(cloudKey, { items: [{ productId: ids.chips!, quantity: 1 }] })],
      ["NOT_DISPENSABLE", await sign(cloudKey, { items: [{ productId: ids.coffee!, quantity: 1 }] })],
    ];
    const stock = await products();
    const orders = await orderRows();
    const sim = sims[1]!;
    const [dispensedBefore, refusedBefore] = [sim.dispensed.length, sim.refusals.length];
    for (const [, token] of cases) await sim.scan(token);
    await eventually(() => sim.refusals.length - refusedBefore >= cases.length);
    expect(
      sim.refusals
        .slice(refusedBefore)
        .map((r) => r.reason)
        .sort(),
    ).toEqual(cases.map(([r]) => r).sort());
    expect(sim.dispensed.length).toBe(dispensedBefore);
    expect(await products()).toEqual(stock);
    expect(await orderRows()).toEqual(orders);
  });

  it("redeems a cloud-signed code with no cloud: the online order is recorded here and completed", async () => {
    const order = crypto.randomUUID();
    const sim = sims[2]!;
    const before = sim.dispensed.length;
    await sim.scan(await sign(cloudKey, { order, items: [{ productId: ids.cola!, quantity: 2 }] }));
    const row = await eventually(async () => {
      const [o] = await h.storage.db.select().from(dispensingOrders).where(eq(dispensingOrders.id, order));
      return o?.status === "COMPLETED" ? o : undefined;
    });
    expect(row).toMatchObject({ channel: "ONLINE", totalMinor: 500, currency: "EUR" });
    expect(sim.dispensed.length - before).toBe(1);
    expect(sim.dispensed.at(-1)!.items).toEqual([{ slot: 0, quantity: 2 }]);
  });

  it("a jam is recorded, stock stays, the order is flagged; a new code dispenses", async () => {
    const sim = sims[3]!;
    sim.fault = "jammed";
    const code = await paidCode(ids.cola!);
    const before = await stockOf(ids.cola!);
    await sim.scan(code.token);
    const flagged = await eventually(async () => {
      const [o] = await h.storage.db
        .select()
        .from(dispensingOrders)
        .where(eq(dispensingOrders.id, code.orderId));
      return o?.flag ? o : undefined;
    });
    expect(flagged!.status).toBe("PAID");
    expect((await stockOf(ids.cola!)).onHand).toBe(before.onHand);
    expect((await eventsOfType(h.storage.db, "dispenser.fault")).length).toBe(1);
    sim.fault = null;
    const again = await post<{ code: { token: string } }>(`/orders/${code.orderId}/code`);
    await sim.scan(again.body.code.token);
    await eventually(
      async () =>
        (await getJson<{ order: { status: string } }>(api(`/orders/${code.orderId}`), h)).body.order
          .status === "COMPLETED",
    );
    expect((await stockOf(ids.cola!)).onHand).toBe(before.onHand - 1);
  });

  it("never oversells: 20 concurrent orders for the last 5 coffees make 5 orders", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, () => post("/orders", { items: [{ productId: ids.coffee, quantity: 1 }] })),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(5);
    expect(results.filter((r) => r.status === 409)).toHaveLength(15);
    const coffee = await stockOf(ids.coffee!);
    expect([coffee.onHand, coffee.reserved]).toEqual([5, 5]);
    for (const r of results.filter((x) => x.status === 201)) {
      expect((await post(`/orders/${r.body.id}/pay`, { payment: "CARD" })).status).toBe(200);
    }
    const sold = await stockOf(ids.coffee!);
    expect([sold.onHand, sold.reserved]).toEqual([0, 0]);
    expect((await post("/orders", { items: [{ productId: ids.coffee, quantity: 1 }] })).status).toBe(409);
  });

  it("raises low stock once per crossing, and reports today's sales and best sellers", async () => {
    const low = await eventsOfType(h.storage.db, "inventory.stock.low");
    expect(low.map((e) => (e.envelope.data as { productName: string }).productName)).toEqual(["Coffee"]);
    const sales = await getJson<{ today: { orders: number }; bestSellers: { name: string }[] }>(
      api("/sales"),
      h,
    );
    expect(sales.body.today.orders).toBeGreaterThan(5);
    expect(sales.body.bestSellers[0]!.name).toBe("Cola");
  });
});
