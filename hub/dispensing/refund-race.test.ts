/** A refund racing a dispense in flight: the reservation is released once, stock and order end consistent. */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DispenserSim } from "../../devices/simulators/index.ts";
import { dispensingOrders, dispensingRedemptions, dispensingStockMoves } from "../db/index.ts";
import { deviceInput, eventually, getJson, sendJson, startTestHub, type TestHub } from "../testing.ts";

let h: TestHub;
let sim: DispenserSim;
let water: string;
/** The dispenser holds its answer here until the test lets it go (the dispense is in flight meanwhile). */
let held: { arrived: () => void; release: Promise<void> } | null = null;

type Product = { id: string; onHand: number; reserved: number };
const api = (path: string) => `${h.httpUrl}/api/dispensing${path}`;
const post = <T = Record<string, unknown>>(path: string, body?: unknown) =>
  sendJson<T>("POST", api(path), body, h);
const stock = async () =>
  (await getJson<{ products: Product[] }>(api("/products"), h)).body.products.find((p) => p.id === water)!;
const orderOf = async (id: string) =>
  (await h.storage.db.select().from(dispensingOrders).where(eq(dispensingOrders.id, id)))[0]!;

async function paidCode() {
  const order = await post<{ id: string }>("/orders", { items: [{ productId: water, quantity: 1 }] });
  expect(order.status).toBe(201);
  const paid = await post<{ code: { token: string } }>(`/orders/${order.body.id}/pay`, { payment: "CASH" });
  expect(paid.status).toBe(200);
  return { orderId: order.body.id, token: paid.body.code.token };
}

/** Scans the code and waits until the dispenser has the command in hand, its answer held back. */
async function scanAndHold(token: string) {
  let letGo!: () => void;
  const release = new Promise<void>((r) => (letGo = r));
  const arrived = new Promise<void>((r) => (held = { arrived: r, release }));
  await sim.scan(token);
  await arrived;
  return letGo;
}

const answered = async (orderId: string) =>
  (await eventually(async () => {
    const [r] = await h.storage.db
      .select()
      .from(dispensingRedemptions)
      .where(eq(dispensingRedemptions.orderId, orderId));
    return r?.outcome ? r : undefined;
  }))!;

beforeAll(async () => {
  h = await startTestHub();
  const made = await post<{ id: string }>("/products", { name: "Water", priceMinor: 150, currency: "EUR" });
  water = made.body.id;
  const paired = await h.pair(deviceInput("DISPENSER"));
  await sendJson(
    "PUT",
    api(`/dispensers/${paired.id}/slots`),
    { slots: [{ slot: 0, productId: water, capacity: 20 }] },
    h,
  );
  const restock = { productId: water, delta: 10, reason: "restock", deviceId: paired.id, slot: 0 };
  expect((await post("/stock", restock)).status).toBe(200);
  sim = await DispenserSim.connect({
    url: h.mqttUrl,
    deviceId: paired.id,
    secret: paired.secret,
    slots: { 0: 10 },
    beforeAck: async (c) => {
      if (c.name !== "dispense" || !held) return;
      const h$ = held;
      held = null;
      h$.arrived();
      await h$.release;
    },
  });
});
afterAll(async () => {
  await sim?.close();
  await h?.destroy();
});

describe("a refund while the dispense is in flight", () => {
  it("dispensed after the refund: one unit leaves, the reservation is released once, the order is flagged", async () => {
    // Another paid order holds one unit: a double release would take its reservation away.
    const bystander = await paidCode();
    const code = await paidCode();
    const before = await stock();
    expect(before.reserved).toBe(2);
    const letGo = await scanAndHold(code.token);

    expect((await post(`/orders/${code.orderId}/refund`)).status).toBe(200);
    expect((await stock()).reserved).toBe(2); // still held: the dispenser has not answered
    letGo();
    expect((await answered(code.orderId)).outcome).toBe("dispensed");

    const after = await stock();
    expect([after.onHand, after.reserved]).toEqual([before.onHand - 1, 1]);
    const order = await orderOf(code.orderId);
    expect(order.status).toBe("REFUNDED");
    expect(order.flag).toMatch(/dispensed after the order was closed/);
    const moves = await h.storage.db
      .select()
      .from(dispensingStockMoves)
      .where(eq(dispensingStockMoves.orderId, code.orderId));
    expect(moves.map((m) => [m.reason, m.delta])).toEqual([["dispense", -1]]);
    expect((await orderOf(bystander.orderId)).status).toBe("PAID");
  });

  it("jammed after the refund: stock untouched, the reservation released once, no retry flag", async () => {
    const code = await paidCode();
    const before = await stock();
    sim.fault = "jammed";
    const letGo = await scanAndHold(code.token);
    expect((await post(`/orders/${code.orderId}/refund`)).status).toBe(200);
    letGo();
    expect((await answered(code.orderId)).outcome).toBe("jammed");
    sim.fault = null;
    const after = await stock();
    expect([after.onHand, after.reserved]).toEqual([before.onHand, before.reserved - 1]);
    const order = await orderOf(code.orderId);
    expect([order.status, order.flag]).toEqual(["REFUNDED", null]);
  });

  it("jammed, then refunded: the refund releases the reservation the jam kept", async () => {
    const code = await paidCode();
    const before = await stock();
    sim.fault = "jammed";
    await sim.scan(code.token);
    const flagged = await eventually(async () => ((await orderOf(code.orderId)).flag ? true : undefined));
    expect(flagged).toBe(true);
    sim.fault = null;
    expect((await post(`/orders/${code.orderId}/refund`)).status).toBe(200);
    const after = await stock();
    expect([after.onHand, after.reserved]).toEqual([before.onHand, before.reserved - 1]);
  });

  it("no new code while a dispense is in flight (it could hand the goods over twice)", async () => {
    const code = await paidCode();
    const letGo = await scanAndHold(code.token);
    const again = await post<{ error: { code: string } }>(`/orders/${code.orderId}/code`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("CONFLICT");
    letGo();
    expect((await answered(code.orderId)).outcome).toBe("dispensed");
    expect((await orderOf(code.orderId)).status).toBe("COMPLETED");
  });
});
