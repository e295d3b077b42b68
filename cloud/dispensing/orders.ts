/**
 * Cloud dispensing verbs: the catalog, online orders priced from it, the QR code signed when billing says the
 * payment succeeded and revocation on refund (the hubs' orders and stock: projection.ts).
 */
import { and, asc, desc, eq, gt } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../../shared/clock/index.ts";
import {
  type CatalogProduct,
  catalogProduct,
  generateQrKey,
  importSigningKey,
  newCodeId,
  QR_TTL_MS,
  signQrToken,
} from "../../shared/dispensing/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import type { SiteRole } from "../../shared/roles/index.ts";
import type { Payable } from "../billing/payables.ts";
import type { CloudDb } from "../db/index.ts";
import { consumeOnce } from "../events/processed-events.ts";
import * as schema from "./schema.ts";

export type DispensingDb = CloudDb<typeof schema>;
export interface DispensingDeps {
  db: DispensingDb;
  clock: Clock;
  siteMembers(siteId: string): Promise<{ userId: string }[]>;
  /** The member's role; FORBIDDEN when not a member or not one of `roles`. */
  memberRole(siteId: string, userId: string, roles?: readonly SiteRole[]): Promise<SiteRole>;
  /** The site's time zone (days of sales are the site's days). */
  timeZone(siteId: string): Promise<string>;
}

export const PAYABLE_KIND = "DISPENSING_ORDER";
export const onlineOrderSchema = z
  .object({
    items: z
      .array(
        z
          .object({ productId: z.string().min(1).max(64), quantity: z.number().int().min(1).max(20) })
          .strict(),
      )
      .min(1)
      .max(16),
  })
  .strict();

export async function requireMember(deps: DispensingDeps, siteId: string, userId: string): Promise<void> {
  if (!(await deps.siteMembers(siteId)).some((m) => m.userId === userId)) {
    throw new AppError("FORBIDDEN", "not a member of this site");
  }
}

export function listProducts(deps: DispensingDeps, siteId: string) {
  return deps.db
    .select()
    .from(schema.products)
    .where(eq(schema.products.siteId, siteId))
    .orderBy(asc(schema.products.name));
}

/** Sets a product of the site's catalog (configuration: it reaches the hubs as desired state and wins there). */
export async function putProduct(deps: DispensingDeps, siteId: string, input: CatalogProduct) {
  const p = catalogProduct.parse(input);
  const row = { ...p, siteId, updatedAt: deps.clock.now() };
  await deps.db
    .insert(schema.products)
    .values(row)
    .onConflictDoUpdate({ target: [schema.products.siteId, schema.products.id], set: row });
  return row;
}

/** An online order, PENDING until billing reports its payment; prices come from the catalog only. */
export async function createOnlineOrder(
  deps: DispensingDeps,
  siteId: string,
  accountId: string,
  input: z.output<typeof onlineOrderSchema>,
) {
  const catalog = await listProducts(deps, siteId);
  const items = input.items.map((i) => {
    const p = catalog.find((x) => x.id === i.productId);
    if (!p?.available || !p.dispensable)
      throw new AppError("CONFLICT", `product ${i.productId} cannot be bought online`);
    return {
      productId: p.id,
      name: p.name,
      quantity: i.quantity,
      unitMinor: p.priceMinor,
      currency: p.currency,
    };
  });
  const currency = items[0]!.currency;
  if (items.some((i) => i.currency !== currency))
    throw new AppError("VALIDATION_ERROR", "one currency per order");
  const now = deps.clock.now();
  const order = {
    id: uuidv7(now),
    siteId,
    channel: "ONLINE" as const,
    accountId,
    status: "PENDING" as const,
    items: items.map(({ currency: _, ...i }) => i),
    totalMinor: items.reduce((n, i) => n + i.quantity * i.unitMinor, 0),
    currency,
    createdAt: now,
    updatedAt: now,
  };
  await deps.db.insert(schema.orders).values(order);
  return order;
}

export async function getOrder(deps: DispensingDeps, siteId: string, id: string) {
  const [row] = await deps.db
    .select()
    .from(schema.orders)
    .where(and(eq(schema.orders.id, id), eq(schema.orders.siteId, siteId)));
  if (!row) throw new AppError("NOT_FOUND", `order ${id} not found`);
  return row;
}

export function listOrders(deps: DispensingDeps, siteId: string) {
  return deps.db
    .select()
    .from(schema.orders)
    .where(eq(schema.orders.siteId, siteId))
    .orderBy(desc(schema.orders.createdAt))
    .limit(100);
}

/** Billing's view of an online order: only a PENDING one can be paid, for the amount the catalog made. */
export async function resolvePayable(deps: DispensingDeps, id: string): Promise<Payable | null> {
  const [o] = await deps.db.select().from(schema.orders).where(eq(schema.orders.id, id));
  if (o?.status !== "PENDING" || !o.accountId) return null;
  return {
    kind: PAYABLE_KIND,
    id,
    payerId: o.accountId,
    siteId: o.siteId,
    amount: o.totalMinor,
    currency: o.currency.toLowerCase(),
    description: o.items.map((i) => `${i.quantity} × ${i.name}`).join(", "),
  };
}

/** The cloud's QR key, made on first use. */
export async function cloudQrKey(deps: DispensingDeps) {
  const [row] = await deps.db.select().from(schema.keys).limit(1);
  if (row) return row;
  const kid = `c${uuidv7(deps.clock.now()).slice(-8)}`;
  const made = await generateQrKey(kid);
  await deps.db
    .insert(schema.keys)
    .values({ kid, privateJwk: made.privateJwk, publicJwk: made.publicJwk, createdAt: deps.clock.now() })
    .onConflictDoNothing();
  return (await deps.db.select().from(schema.keys).limit(1))[0]!;
}

/** payment.succeeded / payment.refunded for an online order: sign its code, or revoke it. */
export async function onPayment(deps: DispensingDeps, event: EventEnvelope): Promise<void> {
  const d = event.data as { payableKind: string; payableId: string };
  if (d.payableKind !== PAYABLE_KIND) return;
  const key = await cloudQrKey(deps);
  await consumeOnce(
    { db: deps.db, table: schema.processedEvents, clock: deps.clock },
    "dispensing.payments",
    event,
    async () => {
      const [o] = await deps.db.select().from(schema.orders).where(eq(schema.orders.id, d.payableId));
      if (!o) return [];
      const now = deps.clock.now();
      if (event.type === "payment.refunded") {
        // A handed-over order refunded in full is out of the sales; a partial refund takes back money only.
        if (o.status === "COMPLETED")
          return (d as { fullyRefunded?: boolean }).fullyRefunded
            ? [
                deps.db
                  .update(schema.orders)
                  .set({ status: "REFUNDED", updatedAt: now })
                  .where(and(eq(schema.orders.id, o.id), eq(schema.orders.status, "COMPLETED"))),
              ]
            : [];
        return [
          deps.db
            .update(schema.orders)
            .set({ status: "REFUNDED", codeRevoked: true, updatedAt: now })
            .where(eq(schema.orders.id, o.id)),
        ];
      }
      if (o.status !== "PENDING") return [];
      const codeId = newCodeId();
      const expiresAt = now + QR_TTL_MS;
      const token = await signQrToken(await importSigningKey(key.privateJwk), {
        site: o.siteId,
        id: codeId,
        order: o.id,
        expiresAt,
        items: o.items.map((i) => ({ productId: i.productId, quantity: i.quantity })),
        kid: key.kid,
      });
      return [
        deps.db
          .update(schema.orders)
          .set({
            status: "PAID",
            codeId,
            token,
            codeExpiresAt: Math.floor(expiresAt / 1000) * 1000,
            paidAt: now,
            updatedAt: now,
          })
          .where(and(eq(schema.orders.id, o.id), eq(schema.orders.status, "PENDING"))),
      ];
    },
  );
}

/** The `dispensing` section for a site: its catalog, and the codes refunded while still scannable. */
export async function produceSection(deps: DispensingDeps, siteId: string) {
  const products = (await listProducts(deps, siteId)).map(({ siteId: _, updatedAt: __, ...p }) => p);
  const revoked = await deps.db
    .select({ id: schema.orders.codeId, orderId: schema.orders.id, expiresAt: schema.orders.codeExpiresAt })
    .from(schema.orders)
    .where(
      and(
        eq(schema.orders.siteId, siteId),
        eq(schema.orders.codeRevoked, true),
        gt(schema.orders.codeExpiresAt, deps.clock.now()),
      ),
    );
  return {
    products,
    revokedCodes: revoked.map((r) => ({
      id: r.id!,
      orderId: r.orderId,
      expiresAt: new Date(r.expiresAt!).toISOString(),
    })),
  };
}

export async function stockOf(deps: DispensingDeps, siteId: string) {
  return deps.db.select().from(schema.stock).where(eq(schema.stock.siteId, siteId));
}
