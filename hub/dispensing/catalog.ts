/** Products, dispenser slots and restocking at the hub. */
import { asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import { buildEvent } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import {
  devices,
  type HubDb,
  dispensingInventory as inv,
  dispensingProducts as products,
  STOCK_REASONS,
  dispensingSlots as slots,
} from "../db/index.ts";
import { eventStatement } from "../outbox/index.ts";
import { moveStatements } from "./stock.ts";

export interface Deps {
  db: HubDb;
  clock: Clock;
  source(): EventEnvelope["source"];
}

const currency = z.string().regex(/^[A-Z]{3}$/, "an ISO 4217 code");
export const productSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    category: z.string().trim().min(1).max(40).default("General"),
    priceMinor: z.number().int().min(0).max(10_000_000),
    currency,
    dispensable: z.boolean().default(true),
    available: z.boolean().default(true),
    lowStockThreshold: z.number().int().min(0).max(100_000).default(0),
  })
  .strict();
export const productPatchSchema = productSchema.partial().strict();

export const slotsSchema = z
  .object({
    slots: z
      .array(
        z.object({
          slot: z.number().int().min(0).max(255),
          productId: z.string().min(1).max(64),
          capacity: z.number().int().min(1).max(1000),
        }),
      )
      .max(64),
  })
  .strict();

export const stockMoveSchema = z
  .object({
    productId: z.string().min(1).max(64),
    delta: z
      .number()
      .int()
      .min(-100_000)
      .max(100_000)
      .refine((d) => d !== 0, "a move changes something"),
    reason: z.enum(STOCK_REASONS).exclude(["sale", "dispense"]),
    deviceId: z.string().min(1).max(64).optional(),
    slot: z.number().int().min(0).max(255).optional(),
  })
  .strict();

export async function createProduct(
  deps: Deps,
  input: z.output<typeof productSchema>,
  id = uuidv7(deps.clock.now()),
) {
  const now = deps.clock.now();
  await deps.db.batch([
    deps.db.insert(products).values({ id, ...input, updatedAt: now }),
    deps.db.insert(inv).values({ productId: id }).onConflictDoNothing(),
  ]);
  return getProduct(deps.db, id);
}

/**
 * A change at the hub. A price changed here is an event (`product.price.changed`); the cloud's catalog is
 * configuration and wins at its next desired state (it states every product's price).
 */
export async function updateProduct(
  deps: Deps,
  id: string,
  patch: z.output<typeof productPatchSchema>,
  by: string,
) {
  const before = await getProduct(deps.db, id);
  const now = deps.clock.now();
  const update = deps.db
    .update(products)
    .set({ ...patch, updatedAt: now })
    .where(eq(products.id, id));
  const priceChanged =
    (patch.priceMinor !== undefined && patch.priceMinor !== before.priceMinor) ||
    (patch.currency !== undefined && patch.currency !== before.currency);
  if (priceChanged) {
    const event = buildEvent({
      type: "product.price.changed",
      data: {
        productId: id,
        priceMinor: patch.priceMinor ?? before.priceMinor,
        currency: patch.currency ?? before.currency,
        by,
        at: new Date(now).toISOString(),
      },
      source: deps.source(),
      occurredAt: now,
    });
    await deps.db.batch([update, eventStatement(deps.db, event, now)]);
  } else {
    await update;
  }
  return getProduct(deps.db, id);
}

export async function listProducts(db: HubDb) {
  return db
    .select({
      id: products.id,
      name: products.name,
      category: products.category,
      priceMinor: products.priceMinor,
      currency: products.currency,
      dispensable: products.dispensable,
      available: products.available,
      lowStockThreshold: products.lowStockThreshold,
      onHand: sql<number>`coalesce(${inv.onHand}, 0)`,
      reserved: sql<number>`coalesce(${inv.reserved}, 0)`,
      low: sql<boolean>`coalesce(${inv.low}, 0) = 1`,
    })
    .from(products)
    .leftJoin(inv, eq(inv.productId, products.id))
    .orderBy(asc(products.category), asc(products.name));
}

export async function getProduct(db: HubDb, id: string) {
  const row = (await listProducts(db)).find((p) => p.id === id);
  if (!row) throw new AppError("NOT_FOUND", `product ${id} not found`);
  return row;
}

/** Maps a dispenser's slots to products (replacing its map); counts of slots that stay are kept. */
export async function setSlots(db: HubDb, deviceId: string, input: z.output<typeof slotsSchema>) {
  const [device] = await db.select().from(devices).where(eq(devices.id, deviceId));
  if (device?.kind !== "DISPENSER") throw new AppError("NOT_FOUND", `dispenser ${deviceId} not found`);
  const known = new Set((await db.select({ id: products.id }).from(products)).map((p) => p.id));
  for (const s of input.slots) {
    if (!known.has(s.productId)) throw new AppError("VALIDATION_ERROR", `unknown product ${s.productId}`);
  }
  if (new Set(input.slots.map((s) => s.slot)).size !== input.slots.length) {
    throw new AppError("VALIDATION_ERROR", "a slot is listed twice");
  }
  const old = await db.select().from(slots).where(eq(slots.deviceId, deviceId));
  const countOf = (s: { slot: number; productId: string }) =>
    old.find((o) => o.slot === s.slot && o.productId === s.productId)?.count ?? 0;
  await db.batch([
    db.delete(slots).where(eq(slots.deviceId, deviceId)),
    ...input.slots.map((s) =>
      db.insert(slots).values({ deviceId, ...s, count: Math.min(countOf(s), s.capacity) }),
    ),
  ]);
  return listDispensers(db).then((all) => all.find((d) => d.id === deviceId)!);
}

/** Dispensers with their slots (product names, counts, capacity) and presence. */
export async function listDispensers(db: HubDb) {
  const rows = await db
    .select({ id: devices.id, name: devices.name, status: devices.status })
    .from(devices)
    .where(eq(devices.kind, "DISPENSER"))
    .orderBy(asc(devices.name));
  const all = await db
    .select({
      deviceId: slots.deviceId,
      slot: slots.slot,
      productId: slots.productId,
      productName: products.name,
      capacity: slots.capacity,
      count: slots.count,
    })
    .from(slots)
    .innerJoin(products, eq(products.id, slots.productId))
    .orderBy(asc(slots.slot));
  return rows.map((d) => ({ ...d, slots: all.filter((s) => s.deviceId === d.id) }));
}

/** A person's stock change (restock, adjustment, waste, reconciliation), into a slot when one is named. */
export async function moveStock(deps: Deps, input: z.output<typeof stockMoveSchema>, by: string) {
  const p = await getProduct(deps.db, input.productId);
  if (input.delta < 0 && p.onHand - p.reserved + input.delta < 0) {
    throw new AppError("CONFLICT", `only ${p.onHand - p.reserved} of ${p.name} are free to remove`);
  }
  if ((input.deviceId === undefined) !== (input.slot === undefined)) {
    throw new AppError("VALIDATION_ERROR", "a slot is named by both deviceId and slot");
  }
  if (input.deviceId !== undefined) {
    const [s] = await deps.db
      .select()
      .from(slots)
      .where(sql`${slots.deviceId} = ${input.deviceId} AND ${slots.slot} = ${input.slot}`);
    if (!s || s.productId !== input.productId) {
      throw new AppError("VALIDATION_ERROR", "that slot does not hold this product");
    }
    if (s.count + input.delta > s.capacity) {
      throw new AppError("CONFLICT", `the slot holds at most ${s.capacity}`);
    }
  }
  const now = deps.clock.now();
  // Guarded in SQL too: a removal that would take reserved stock changes nothing.
  const guard =
    input.delta < 0
      ? sql`SELECT 1 FROM ${inv} WHERE product_id = ${input.productId} AND on_hand - reserved + ${input.delta} >= 0`
      : undefined;
  const stmts = moveStatements(
    deps.db,
    deps.source(),
    {
      productId: p.id,
      productName: p.name,
      delta: input.delta,
      onHandBefore: p.onHand,
      threshold: p.lowStockThreshold,
      reason: input.reason,
      orderId: null,
      by,
      at: now,
      deviceId: input.deviceId,
      slot: input.slot,
    },
    guard,
  );
  await deps.db.batch(stmts as [(typeof stmts)[0], ...typeof stmts]);
  return getProduct(deps.db, input.productId);
}
