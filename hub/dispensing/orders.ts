/** Orders at the hub's point of sale: priced from the product table only, stock reserved, a QR code on payment. */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { z } from "zod";
import { newCodeId, QR_TTL_MS, signQrToken } from "../../shared/dispensing/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { buildEvent } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { trustedNow } from "../auth/trusted-time.ts";
import {
  dispensingCodes as codes,
  type HubDb,
  dispensingInventory as inv,
  dispensingOrders as orders,
  dispensingProducts as products,
  dispensingRedemptions as redemptions,
} from "../db/index.ts";
import { eventStatement } from "../outbox/index.ts";
import type { Deps } from "./catalog.ts";
import { currentSite, hubSigningKey } from "./keys.ts";
import { moveStatements } from "./stock.ts";

export type OrderRow = typeof orders.$inferSelect;
type Batch = [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]];

export const orderSchema = z
  .object({
    items: z
      .array(
        z
          .object({ productId: z.string().min(1).max(64), quantity: z.number().int().min(1).max(99) })
          .strict(),
      )
      .min(1)
      .max(32),
  })
  .strict();
export const paySchema = z.object({ payment: z.enum(["CASH", "CARD"]) }).strict();

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Creates a PENDING order and reserves its stock, all or nothing: the order row is inserted only while every
 * item is free (on hand − reserved), in the same batch that reserves them, so racing orders never oversell.
 */
export async function createOrder(deps: Deps, input: z.output<typeof orderSchema>, by: string) {
  const qty = new Map<string, number>();
  for (const i of input.items) qty.set(i.productId, (qty.get(i.productId) ?? 0) + i.quantity);
  const rows = await deps.db
    .select()
    .from(products)
    .where(inArray(products.id, [...qty.keys()]));
  const items = [...qty].map(([productId, quantity]) => {
    const p = rows.find((r) => r.id === productId);
    if (!p) throw new AppError("NOT_FOUND", `product ${productId} not found`);
    if (!p.available) throw new AppError("CONFLICT", `${p.name} is not available`);
    return { productId, name: p.name, quantity, unitMinor: p.priceMinor, currency: p.currency };
  });
  const currency = items[0]!.currency;
  if (items.some((i) => i.currency !== currency))
    throw new AppError("VALIDATION_ERROR", "one currency per order");
  const lines = items.map(({ currency: _, ...i }) => i);
  const total = lines.reduce((s, i) => s + i.quantity * i.unitMinor, 0);
  const now = deps.clock.now();
  const id = uuidv7(now);
  const free = sql.join(
    lines.map((i) => sql`(product_id = ${i.productId} AND on_hand - reserved >= ${i.quantity})`),
    sql` OR `,
  );
  const made = sql`SELECT 1 FROM ${orders} WHERE id = ${id}`;
  const batch: BatchItem<"sqlite">[] = [
    deps.db.run(sql`INSERT INTO ${orders} (id, status, channel, items, total_minor, currency, created_by, created_at)
      SELECT ${id}, 'PENDING', 'POS', ${JSON.stringify(lines)}, ${total}, ${currency}, ${by}, ${now}
      WHERE (SELECT count(*) FROM ${inv} WHERE ${free}) = ${lines.length}`),
    ...lines.map((i) =>
      deps.db.run(sql`UPDATE ${inv} SET reserved = reserved + ${i.quantity}
        WHERE product_id = ${i.productId} AND EXISTS (${made})`),
    ),
    eventStatement(
      deps.db,
      buildEvent({
        type: "order.created",
        data: {
          orderId: id,
          channel: "POS",
          items: lines,
          totalMinor: total,
          currency,
          createdBy: by,
          createdAt: iso(now),
        },
        source: deps.source(),
        occurredAt: now,
      }),
      now,
      made,
    ),
  ];
  await deps.db.batch(batch as Batch);
  const [row] = await deps.db.select().from(orders).where(eq(orders.id, id));
  if (!row) throw new AppError("CONFLICT", "out of stock", { reason: "OUT_OF_STOCK" });
  return row;
}

export async function getOrder(db: HubDb, id: string): Promise<OrderRow> {
  const [row] = await db.select().from(orders).where(eq(orders.id, id));
  if (!row) throw new AppError("NOT_FOUND", `order ${id} not found`);
  return row;
}

export async function listOrders(db: HubDb, limit = 50) {
  return db.select().from(orders).orderBy(desc(orders.createdAt)).limit(limit);
}

/** The order's dispensable items: what its QR code carries. */
async function dispensableItems(db: HubDb, order: OrderRow) {
  const ps = await db
    .select()
    .from(products)
    .where(
      inArray(
        products.id,
        order.items.map((i) => i.productId),
      ),
    );
  const isD = (id: string) => ps.find((p) => p.id === id)?.dispensable ?? false;
  return {
    dispensable: order.items.filter((i) => isD(i.productId)),
    counter: order.items.filter((i) => !isD(i.productId)),
    ps,
  };
}

/** A signed code for a paid order's dispensable items, and the row that records it. */
async function issueCode(
  deps: Deps,
  order: OrderRow,
  items: OrderRow["items"],
  guard: ReturnType<typeof sql>,
) {
  const { kid, key } = await hubSigningKey(deps.db);
  const expiresAt = (await trustedNow(deps.db, deps.clock)) + QR_TTL_MS;
  const id = newCodeId();
  const token = await signQrToken(key, {
    site: await currentSite(deps.db),
    id,
    order: order.id,
    expiresAt,
    items: items.map((i) => ({ productId: i.productId, quantity: i.quantity })),
    kid,
  });
  const insert = deps.db.run(sql`INSERT INTO ${codes} (id, order_id, token, expires_at, revoked)
    SELECT ${id}, ${order.id}, ${token}, ${Math.floor(expiresAt / 1000) * 1000}, 0 WHERE EXISTS (${guard})`);
  return { id, token, expiresAt, insert };
}

/**
 * Marks a PENDING order paid (cash, or card on a separate terminal). Counter items leave stock now (a sale);
 * dispensable items get a QR code. With nothing to dispense, the order is completed at once.
 */
export async function payOrder(deps: Deps, id: string, input: z.output<typeof paySchema>, by: string) {
  const order = await getOrder(deps.db, id);
  if (order.status !== "PENDING") throw new AppError("CONFLICT", `order is ${order.status}, not PENDING`);
  const { dispensable, counter, ps } = await dispensableItems(deps.db, order);
  const now = deps.clock.now();
  const pending = sql`SELECT 1 FROM ${orders} WHERE id = ${id} AND status = 'PENDING'`;
  const source = deps.source();
  const batch: BatchItem<"sqlite">[] = [
    eventStatement(
      deps.db,
      buildEvent({
        type: "order.paid",
        data: {
          orderId: id,
          payment: input.payment,
          totalMinor: order.totalMinor,
          currency: order.currency,
          paidAt: iso(now),
        },
        source,
        occurredAt: now,
      }),
      now,
      pending,
    ),
  ];
  for (const i of counter) {
    const p = ps.find((x) => x.id === i.productId)!;
    const [stock] = await deps.db.select().from(inv).where(eq(inv.productId, i.productId));
    batch.push(
      ...moveStatements(
        deps.db,
        source,
        {
          productId: i.productId,
          productName: p.name,
          delta: -i.quantity,
          onHandBefore: stock?.onHand ?? 0,
          threshold: p.lowStockThreshold,
          reason: "sale",
          orderId: id,
          by,
          at: now,
          release: i.quantity,
        },
        pending,
      ),
    );
  }
  const code = dispensable.length > 0 ? await issueCode(deps, order, dispensable, pending) : null;
  if (code) batch.push(code.insert);
  else {
    batch.push(
      eventStatement(
        deps.db,
        buildEvent({
          type: "order.completed",
          data: { orderId: id, by, at: iso(now) },
          source,
          occurredAt: now,
        }),
        now,
        pending,
      ),
    );
  }
  batch.push(
    deps.db
      .update(orders)
      .set({
        status: code ? "PAID" : "COMPLETED",
        payment: input.payment,
        paidAt: now,
        finishedAt: code ? null : now,
      })
      .where(and(eq(orders.id, id), eq(orders.status, "PENDING"))),
  );
  await deps.db.batch(batch as Batch);
  const after = await getOrder(deps.db, id);
  if (after.paidAt !== now) throw new AppError("CONFLICT", `order is ${after.status}, not PENDING`);
  return { order: after, code: code && { id: code.id, token: code.token, expiresAt: code.expiresAt } };
}

/** A new code for a PAID order (the last one expired, or its dispense failed); older unspent codes are revoked. */
export async function reissueCode(deps: Deps, id: string) {
  const order = await getOrder(deps.db, id);
  if (order.status !== "PAID") throw new AppError("CONFLICT", `order is ${order.status}, not PAID`);
  const { dispensable } = await dispensableItems(deps.db, order);
  const paid = sql`SELECT 1 FROM ${orders} WHERE id = ${id} AND status = 'PAID'`;
  // A code whose dispense is still in flight may yet hand the goods over: a second code could dispense twice.
  const idle = sql`${paid} AND NOT EXISTS (${inFlight(id)})`;
  const code = await issueCode(deps, order, dispensable, idle);
  await deps.db.batch([
    // The insert goes first: the revocation and the flag follow only where it was made.
    code.insert,
    deps.db.run(sql`UPDATE ${codes} SET revoked = 1 WHERE order_id = ${id} AND id != ${code.id}
      AND EXISTS (SELECT 1 FROM ${codes} WHERE id = ${code.id})`),
    deps.db.run(sql`UPDATE ${orders} SET flag = NULL WHERE id = ${id}
      AND EXISTS (SELECT 1 FROM ${codes} WHERE id = ${code.id})`),
  ]);
  const [made] = await deps.db.select({ id: codes.id }).from(codes).where(eq(codes.id, code.id));
  if (!made)
    throw new AppError("CONFLICT", "a dispense for this order is in progress", { reason: "IN_FLIGHT" });
  return {
    order: await getOrder(deps.db, id),
    code: { id: code.id, token: code.token, expiresAt: code.expiresAt },
  };
}

/** A redemption of the order whose dispenser has not answered yet (the `dispense` command is in flight). */
export const inFlight = (orderId: string) =>
  sql`SELECT 1 FROM ${redemptions} WHERE order_id = ${orderId} AND outcome IS NULL`;

/**
 * Cancels (PENDING or PAID) or refunds (PAID, or COMPLETED) an order: reserved stock comes free, its codes
 * are revoked (a code scanned later is refused REVOKED). Stock already handed over stays a movement.
 * With a dispense in flight the reservation stays: the dispenser's answer releases it, once (ack.ts), and a
 * `dispensed` answer flags the closed order (goods handed over after the refund).
 */
export async function closeOrder(deps: Deps, id: string, to: "CANCELLED" | "REFUNDED", by: string) {
  const order = await getOrder(deps.db, id);
  const from = to === "CANCELLED" ? ["PENDING", "PAID"] : ["PAID", "COMPLETED"];
  if (!from.includes(order.status))
    throw new AppError("CONFLICT", `a ${order.status} order cannot be ${to.toLowerCase()}`);
  const now = deps.clock.now();
  const open = sql`SELECT 1 FROM ${orders} WHERE id = ${id} AND status = ${order.status}`;
  // A paid order's counter items were handed over at payment: only its dispensable items are still held.
  const held =
    order.status === "PENDING"
      ? order.items
      : order.status === "PAID"
        ? (await dispensableItems(deps.db, order)).dispensable
        : [];
  await deps.db.batch([
    eventStatement(
      deps.db,
      buildEvent({
        type: to === "CANCELLED" ? "order.cancelled" : "order.refunded",
        data: { orderId: id, by, at: iso(now) },
        source: deps.source(),
        occurredAt: now,
      }),
      now,
      open,
    ),
    ...held.map((i) =>
      deps.db.run(sql`UPDATE ${inv} SET reserved = max(reserved - ${i.quantity}, 0)
        WHERE product_id = ${i.productId} AND EXISTS (${open}) AND NOT EXISTS (${inFlight(id)})`),
    ),
    deps.db.run(sql`UPDATE ${codes} SET revoked = 1 WHERE order_id = ${id} AND EXISTS (${open})`),
    deps.db
      .update(orders)
      .set({ status: to, finishedAt: now })
      .where(and(eq(orders.id, id), eq(orders.status, order.status))),
  ] as Batch);
  const after = await getOrder(deps.db, id);
  if (after.status !== to) throw new AppError("CONFLICT", `order is ${after.status}`);
  return after;
}
