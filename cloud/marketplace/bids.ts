/** Bids (seed 000): one open bid per provider per request; the owner accepts one and a work order is made once. */
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "../../shared/errors/index.ts";
import { buildEvent } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { isStaff } from "../../shared/roles/index.ts";
import { batch } from "../db/index.ts";
import { bumpCounter, flush, iso, type MarketplaceDeps, numbered, outboxIf, statement } from "./deps.ts";
import { distanceKm } from "./geo.ts";
import { requireProviderRole } from "./providers.ts";
import { getRequestRow } from "./requests.ts";
import * as schema from "./schema.ts";

export const bidInput = z.object({
  providerId: z.string().min(1).max(64),
  amount: z.number().int().positive().max(100_000_000),
  currency: z
    .string()
    .regex(/^[a-z]{3}$/)
    .default("eur"),
  message: z.string().trim().max(2000).default(""),
  earliestAt: z.string().datetime({ offset: true }),
});

type BidRow = typeof schema.bids.$inferSelect;
const bidView = (b: BidRow) => ({ ...b, earliestAt: iso(b.earliestAt) });

/** A provider's admin bids on a pending request its service area reaches. */
export async function placeBid(
  deps: MarketplaceDeps,
  input: z.infer<typeof bidInput> & { requestId: string; userId: string },
) {
  const provider = await requireProviderRole(deps, input.providerId, input.userId);
  const request = await getRequestRow(deps, input.requestId);
  const reach = distanceKm(
    { lat: provider.latitude, lon: provider.longitude },
    { lat: request.latitude, lon: request.longitude },
  );
  const types = JSON.parse(provider.serviceTypes) as string[];
  // A request out of the provider's reach answers like a missing one.
  if (reach > provider.radiusKm || !types.includes(request.serviceType))
    throw new AppError("NOT_FOUND", "no such request");
  if (request.status !== "PENDING") throw new AppError("CONFLICT", `request is ${request.status}`);
  const now = deps.clock.now();
  const row: BidRow = {
    id: uuidv7(now),
    requestId: request.id,
    providerId: provider.id,
    amount: input.amount,
    currency: input.currency,
    message: input.message,
    earliestAt: Date.parse(input.earliestAt),
    status: "PENDING",
    createdAt: now,
  };
  const event = buildEvent({
    type: "service.bid.placed",
    source: { siteId: request.siteId, module: "marketplace" },
    occurredAt: now,
    data: {
      bidId: row.id,
      requestId: row.requestId,
      providerId: row.providerId,
      amount: row.amount,
      currency: row.currency,
      earliestAt: iso(row.earliestAt),
      placedAt: iso(now),
    },
  });
  const open = await deps.db
    .select({ id: schema.bids.id })
    .from(schema.bids)
    .where(
      and(
        eq(schema.bids.requestId, request.id),
        eq(schema.bids.providerId, provider.id),
        eq(schema.bids.status, "PENDING"),
      ),
    )
    .get();
  if (open) throw new AppError("CONFLICT", "this provider already has an open bid on the request");
  try {
    await batch(deps.db, [deps.db.insert(schema.bids).values(row), outboxIf(deps.db, event, now, sql`1`)]);
  } catch (err) {
    // The partial unique index settles a race between two bids of one provider.
    if (String(err).includes("UNIQUE"))
      throw new AppError("CONFLICT", "this provider already has an open bid");
    throw err;
  }
  await flush(deps);
  return bidView(row);
}

/**
 * The bids on a request: site members see them all; a provider sees only its own (others' answer nothing).
 */
export async function listBids(deps: MarketplaceDeps, requestId: string, userId: string) {
  const request = await getRequestRow(deps, requestId);
  if (await deps.memberRole(request.siteId, userId)) {
    const rows = await deps.db
      .select({ bid: schema.bids, providerName: schema.providers.name })
      .from(schema.bids)
      .innerJoin(schema.providers, eq(schema.providers.id, schema.bids.providerId))
      .where(eq(schema.bids.requestId, requestId))
      .orderBy(desc(schema.bids.createdAt));
    return rows.map((r) => ({ ...bidView(r.bid), providerName: r.providerName }));
  }
  const rows = await deps.db
    .select({ bid: schema.bids, providerName: schema.providers.name })
    .from(schema.bids)
    .innerJoin(schema.providers, eq(schema.providers.id, schema.bids.providerId))
    .innerJoin(schema.providerMembers, eq(schema.providerMembers.providerId, schema.bids.providerId))
    .where(and(eq(schema.bids.requestId, requestId), eq(schema.providerMembers.userId, userId)));
  return rows.map((r) => ({ ...bidView(r.bid), providerName: r.providerName }));
}

/** One bid, for the site's members or the bidding provider's people; NOT_FOUND for anyone else. */
export async function getBid(deps: MarketplaceDeps, bidId: string, userId: string) {
  const bid = await deps.db.select().from(schema.bids).where(eq(schema.bids.id, bidId)).get();
  if (!bid) throw new AppError("NOT_FOUND", "no such bid");
  const request = await getRequestRow(deps, bid.requestId);
  if (await deps.memberRole(request.siteId, userId)) return bidView(bid);
  await requireProviderRole(deps, bid.providerId, userId, ["ADMIN", "TECHNICIAN"]).catch(() => {
    throw new AppError("NOT_FOUND", "no such bid");
  });
  return bidView(bid);
}

/**
 * Accepts a bid. One batch: the first statement moves the request PENDING → ACCEPTED stamped with this
 * attempt's token; every later statement runs only where that token stands, so of two accepts at the same
 * moment exactly one declines the others and creates the work order (the loser gets CONFLICT).
 */
export async function acceptBid(deps: MarketplaceDeps, bidId: string, userId: string) {
  const bid = await deps.db.select().from(schema.bids).where(eq(schema.bids.id, bidId)).get();
  if (!bid) throw new AppError("NOT_FOUND", "no such bid");
  const request = await getRequestRow(deps, bid.requestId);
  const role = await deps.memberRole(request.siteId, userId);
  if (!role) throw new AppError("NOT_FOUND", "no such bid");
  if (!isStaff(role)) throw new AppError("FORBIDDEN", "requires role OWNER or MAINTAINER");
  const site = await deps.db
    .select()
    .from(schema.serviceSites)
    .where(eq(schema.serviceSites.siteId, request.siteId))
    .get();
  const now = deps.clock.now();
  const token = uuidv7(now);
  const workOrderId = uuidv7(now);
  const { db } = deps;
  const won = sql`EXISTS (SELECT 1 FROM service_requests WHERE id = ${request.id} AND accept_token = ${token})`;
  const source = { siteId: request.siteId, module: "marketplace" };
  const accepted = buildEvent({
    type: "service.bid.accepted",
    source,
    occurredAt: now,
    data: { bidId, requestId: request.id, providerId: bid.providerId, workOrderId, acceptedAt: iso(now) },
  });
  const created = buildEvent({
    type: "work.order.created",
    source,
    occurredAt: now,
    data: {
      workOrderId,
      number: "",
      siteId: request.siteId,
      providerId: bid.providerId,
      requestId: request.id,
      bidId,
      amount: bid.amount,
      currency: bid.currency,
      createdAt: iso(now),
    },
  });
  const others = await db
    .select()
    .from(schema.bids)
    .where(and(eq(schema.bids.requestId, request.id), eq(schema.bids.status, "PENDING")));
  const declined = others
    .filter((b) => b.id !== bidId)
    .map((b) =>
      outboxIf(
        db,
        buildEvent({
          type: "service.bid.declined",
          source,
          occurredAt: now,
          data: { bidId: b.id, requestId: request.id, providerId: b.providerId, declinedAt: iso(now) },
        }),
        now,
        won,
      ),
    );
  await batch(db, [
    statement(
      db,
      sql`UPDATE service_requests SET status = 'ACCEPTED', accepted_bid_id = ${bidId}, accept_token = ${token}
          WHERE id = ${request.id} AND status = 'PENDING'
            AND EXISTS (SELECT 1 FROM bids WHERE id = ${bidId} AND status = 'PENDING')`,
    ),
    statement(db, sql`UPDATE bids SET status = 'ACCEPTED' WHERE id = ${bidId} AND ${won}`),
    statement(
      db,
      sql`UPDATE bids SET status = 'DECLINED' WHERE request_id = ${request.id} AND id != ${bidId} AND status = 'PENDING' AND ${won}`,
    ),
    bumpCounter(db, "work_order", won),
    statement(
      db,
      sql`INSERT INTO work_orders (id, number, request_id, bid_id, site_id, equipment_id, provider_id, payer_id, title,
            status, quoted_amount, currency, created_at)
          SELECT ${workOrderId}, ${numbered("work_order", "WO")}, ${request.id}, ${bidId}, ${request.siteId},
            ${request.equipmentId}, ${bid.providerId}, ${site?.ownerId ?? userId}, ${request.title}, 'SCHEDULED',
            ${bid.amount}, ${bid.currency}, ${now}
          WHERE ${won}`,
    ),
    outboxIf(db, accepted, now, won),
    statement(
      db,
      sql`INSERT INTO marketplace_outbox (id, event, created_at)
          SELECT ${created.id}, json_set(${JSON.stringify(created)}, '$.data.number', number), ${now}
          FROM work_orders WHERE id = ${workOrderId}`,
    ),
    ...declined,
  ]);
  const after = await getRequestRow(deps, request.id);
  if (after.acceptToken !== token) throw new AppError("CONFLICT", `request is ${after.status}`);
  await flush(deps);
  return { workOrderId };
}

/** Every bid of one provider (its admin or crew), newest first, with the request's number, title and status. */
export async function providerBids(deps: MarketplaceDeps, providerId: string, userId: string) {
  await requireProviderRole(deps, providerId, userId, ["ADMIN", "TECHNICIAN"]);
  const rows = await deps.db
    .select({
      bid: schema.bids,
      number: schema.serviceRequests.number,
      title: schema.serviceRequests.title,
      requestStatus: schema.serviceRequests.status,
      siteId: schema.serviceRequests.siteId,
      workOrderId: schema.workOrders.id,
    })
    .from(schema.bids)
    .innerJoin(schema.serviceRequests, eq(schema.serviceRequests.id, schema.bids.requestId))
    .leftJoin(schema.workOrders, eq(schema.workOrders.bidId, schema.bids.id))
    .where(eq(schema.bids.providerId, providerId))
    .orderBy(desc(schema.bids.createdAt))
    .limit(200);
  const zones = new Map(
    await Promise.all(
      [...new Set(rows.map((r) => r.siteId))].map(
        async (id) => [id, (await deps.siteInfo(id))?.timeZone ?? "UTC"] as const,
      ),
    ),
  );
  return rows.map((r) => ({
    ...bidView(r.bid),
    request: { number: r.number, title: r.title, status: r.requestStatus },
    workOrderId: r.workOrderId,
    /** The request's site zone: the bid's times are shown in it. */
    timeZone: zones.get(r.siteId) ?? "UTC",
  }));
}
