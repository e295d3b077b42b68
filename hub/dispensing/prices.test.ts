/** Who wins on prices: a price changed at the hub offline holds (as an event) until the cloud's next catalog version. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CatalogProduct } from "../../shared/dispensing/index.ts";
import { applyDocument } from "../desired-state/index.ts";
import { eventsOfType } from "../outbox/index.ts";
import { getJson, sendJson, startTestHub, type TestHub } from "../testing.ts";

let h: TestHub;
const api = (path: string) => `${h.httpUrl}/api/dispensing${path}`;
const COLA: CatalogProduct = {
  id: "cola",
  name: "Cola",
  category: "Drinks",
  priceMinor: 3000,
  currency: "SEK",
  dispensable: true,
  available: true,
  lowStockThreshold: 0,
};

/** The cloud's document at `version` with its catalog (the hub stays unclaimed; the binding is the test's). */
const catalog = (version: number, products: CatalogProduct[]) =>
  applyDocument(
    {
      db: h.storage.db,
      sections: h.sections,
      binding: { siteId: "site-1", hubId: "hub-1" },
      now: Date.now(),
    },
    {
      siteId: "site-1",
      hubId: "hub-1",
      version,
      issuedAt: new Date().toISOString(),
      sectionVersions: { dispensing: 1 },
      sections: { dispensing: { products, revokedCodes: [] } },
    },
  );
const priceOf = async (id: string) =>
  (await getJson<{ products: { id: string; priceMinor: number }[] }>(api("/products"), h)).body.products.find(
    (p) => p.id === id,
  )!.priceMinor;
const orderTotal = async (productId: string) => {
  const res = await sendJson<{ totalMinor: number }>(
    "POST",
    api("/orders"),
    { items: [{ productId, quantity: 1 }] },
    h,
  );
  expect(res.status).toBe(201);
  return res.body.totalMinor;
};

beforeAll(async () => {
  h = await startTestHub();
  await catalog(1, [COLA]);
  // Stock so orders can be made (orders reserve stock).
  for (const productId of ["cola"]) {
    const res = await sendJson("POST", api("/stock"), { productId, delta: 10, reason: "restock" }, h);
    expect(res.status).toBe(200);
  }
});
afterAll(async () => {
  await h?.destroy();
});

describe("a price changed at the hub vs the cloud's catalog", () => {
  it("holds at the hub as an event, and the cloud's price wins at the next version; the hub's own products stay its own", async () => {
    const tea = await sendJson<{ id: string }>(
      "POST",
      api("/products"),
      { name: "Tea", priceMinor: 900, currency: "SEK" },
      h,
    );
    expect(tea.status).toBe(201);
    await sendJson("POST", api("/stock"), { productId: tea.body.id, delta: 5, reason: "restock" }, h);

    // Offline, the counter changes both prices: an event each, and the new price sells at once.
    for (const [id, priceMinor] of [
      ["cola", 3200],
      [tea.body.id, 1100],
    ] as const) {
      const res = await sendJson("PATCH", api(`/products/${id}`), { priceMinor }, h);
      expect(res.status).toBe(200);
    }
    const changed = await eventsOfType(h.storage.db, "product.price.changed");
    expect(changed.map((e) => e.envelope.data)).toEqual([
      expect.objectContaining({ productId: "cola", priceMinor: 3200, currency: "SEK" }),
      expect.objectContaining({ productId: tea.body.id, priceMinor: 1100 }),
    ]);
    expect(await orderTotal("cola")).toBe(3200);

    // The next version the hub applies (any change of the site's document) brings the catalog: it wins for the
    // products it lists.
    await catalog(2, [COLA]);
    expect(await priceOf("cola")).toBe(3000);
    expect(await priceOf(tea.body.id)).toBe(1100);
    expect(await orderTotal("cola")).toBe(3000);
    // An order keeps the price it was sold at.
    const orders = await getJson<{ orders: { totalMinor: number }[] }>(api("/orders"), h);
    expect(orders.body.orders.map((o) => o.totalMinor).sort()).toEqual([3000, 3200]);
  });
});
