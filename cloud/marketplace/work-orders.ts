/** Work orders (seed 000): technicians, slot, start, completion with server-computed totals, cancel, reads. */
import { desc, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "../../shared/errors/index.ts";
import { buildEvent, visitItemSchema } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { isStaff } from "../../shared/roles/index.ts";
import { batch } from "../db/index.ts";
import { flush, iso, type MarketplaceDb, type MarketplaceDeps, outboxIf, statement } from "./deps.ts";
import {
  completeStatements,
  itemStatements,
  orderData,
  startStatements,
  type WorkOrderRow,
} from "./order-statements.ts";
import { requireProviderRole } from "./providers.ts";
import * as schema from "./schema.ts";

export const assignInput = z.object({ technicianIds: z.array(z.string().min(1).max(64)).min(1).max(10) });
export const scheduleInput = z
  .object({
    slotStart: z.string().datetime({ offset: true }),
    slotEnd: z.string().datetime({ offset: true }),
  })
  .refine((s) => Date.parse(s.slotEnd) > Date.parse(s.slotStart), "a slot ends after it starts");
export const completeInput = z.object({
  resolution: z.string().trim().max(4000).default(""),
  items: z.array(visitItemSchema).max(50).default([]),
});

export async function getOrderRow(deps: { db: MarketplaceDb }, id: string): Promise<WorkOrderRow> {
  const row = await deps.db.select().from(schema.workOrders).where(eq(schema.workOrders.id, id)).get();
  if (!row) throw new AppError("NOT_FOUND", "no such work order");
  return row;
}

/** Who is asking: the site's side (a member), the provider's side (admin or technician), or nobody. */
export async function sideOf(deps: MarketplaceDeps, order: WorkOrderRow, userId: string) {
  const role = await deps.memberRole(order.siteId, userId);
  if (role) return { side: "site" as const, staff: isStaff(role) };
  const member = await requireProviderRole(deps, order.providerId, userId, ["ADMIN", "TECHNICIAN"]).catch(
    () => null,
  );
  if (member) return { side: "provider" as const, staff: true };
  throw new AppError("NOT_FOUND", "no such work order");
}

/** The order with its items, technicians (by name) and provider name. */
export async function workOrderView(deps: MarketplaceDeps, id: string, userId: string) {
  const order = await getOrderRow(deps, id);
  await sideOf(deps, order, userId);
  const [items, techs, provider] = await Promise.all([
    deps.db.select().from(schema.workOrderItems).where(eq(schema.workOrderItems.workOrderId, id)),
    deps.db.select().from(schema.workOrderTechnicians).where(eq(schema.workOrderTechnicians.workOrderId, id)),
    deps.db.select().from(schema.providers).where(eq(schema.providers.id, order.providerId)).get(),
  ]);
  const people = await deps.people(techs.map((t) => t.userId));
  const visits = await deps.db.select().from(schema.visits).where(eq(schema.visits.workOrderId, id));
  return {
    ...order,
    providerName: provider?.name ?? null,
    items,
    technicians: people.map((p) => ({ userId: p.userId, name: p.displayName ?? p.email })),
    visits: visits.map((v) => ({
      ...v,
      notes: JSON.parse(v.notes) as unknown[],
      snapshot: v.snapshot && JSON.parse(v.snapshot),
    })),
  };
}

/** Work orders of a site (members) or of a provider (its people). */
export async function listWorkOrders(
  deps: MarketplaceDeps,
  input: { siteId?: string; providerId?: string; userId: string },
) {
  if (input.siteId) {
    if (!(await deps.memberRole(input.siteId, input.userId)))
      throw new AppError("FORBIDDEN", "not a member of this site");
    return deps.db
      .select()
      .from(schema.workOrders)
      .where(eq(schema.workOrders.siteId, input.siteId))
      .orderBy(desc(schema.workOrders.createdAt));
  }
  if (!input.providerId) throw new AppError("VALIDATION_ERROR", "siteId or providerId is required");
  await requireProviderRole(deps, input.providerId, input.userId, ["ADMIN", "TECHNICIAN"]);
  return deps.db
    .select()
    .from(schema.workOrders)
    .where(eq(schema.workOrders.providerId, input.providerId))
    .orderBy(desc(schema.workOrders.createdAt));
}

/** Open work orders of a site with their technicians: what the hub's `service` section carries. */
export async function openOrdersOfSite(deps: MarketplaceDeps, siteId: string) {
  const orders = await deps.db
    .select()
    .from(schema.workOrders)
    .where(
      sql`${schema.workOrders.siteId} = ${siteId} AND ${schema.workOrders.status} IN ('SCHEDULED', 'IN_PROGRESS')`,
    );
  const ids = orders.map((o) => o.id);
  const techs = ids.length
    ? await deps.db
        .select()
        .from(schema.workOrderTechnicians)
        .where(inArray(schema.workOrderTechnicians.workOrderId, ids))
    : [];
  const people = await deps.people([...new Set(techs.map((t) => t.userId))]);
  const names = new Map(people.map((p) => [p.userId, p.displayName ?? p.email]));
  return orders.map((o) => ({
    id: o.id,
    number: o.number,
    title: o.title,
    equipmentId: o.equipmentId,
    status: o.status,
    slotStart: o.slotStart === null ? null : iso(o.slotStart),
    slotEnd: o.slotEnd === null ? null : iso(o.slotEnd),
    currency: o.currency.toUpperCase(),
    technicians: techs
      .filter((t) => t.workOrderId === o.id)
      .map((t) => ({ userId: t.userId, name: names.get(t.userId) ?? "" })),
  }));
}

const open = (id: string) =>
  sql`EXISTS (SELECT 1 FROM work_orders WHERE id = ${id} AND status IN ('SCHEDULED', 'IN_PROGRESS'))`;

/** The provider's admin assigns technicians from its crew. */
export async function assignTechnicians(
  deps: MarketplaceDeps,
  id: string,
  userId: string,
  input: z.infer<typeof assignInput>,
) {
  const order = await getOrderRow(deps, id);
  await requireProviderRole(deps, order.providerId, userId).catch(() => {
    throw new AppError("NOT_FOUND", "no such work order");
  });
  const crew = await deps.db
    .select()
    .from(schema.providerMembers)
    .where(eq(schema.providerMembers.providerId, order.providerId));
  const crewIds = new Set(crew.map((c) => c.userId));
  if (!input.technicianIds.every((t) => crewIds.has(t)))
    throw new AppError("VALIDATION_ERROR", "a technician is not in the provider's crew");
  const now = deps.clock.now();
  const event = buildEvent({
    type: "work.order.assigned",
    source: { siteId: order.siteId, module: "marketplace" },
    occurredAt: now,
    data: { ...orderData(order), technicianIds: input.technicianIds, assignedAt: iso(now) },
  });
  const when = open(id);
  await batch(deps.db, [
    statement(deps.db, sql`DELETE FROM work_order_technicians WHERE work_order_id = ${id} AND ${when}`),
    ...input.technicianIds.map((t) =>
      statement(
        deps.db,
        sql`INSERT OR IGNORE INTO work_order_technicians (work_order_id, user_id) SELECT ${id}, ${t} WHERE ${when}`,
      ),
    ),
    outboxIf(deps.db, event, now, when),
  ]);
  const after = await getOrderRow(deps, id);
  if (after.status !== "SCHEDULED" && after.status !== "IN_PROGRESS")
    throw new AppError("CONFLICT", `work order is ${after.status}`);
  await flush(deps);
}

/** The provider's admin sets the visit's slot. */
export async function scheduleOrder(
  deps: MarketplaceDeps,
  id: string,
  userId: string,
  input: z.infer<typeof scheduleInput>,
) {
  const order = await getOrderRow(deps, id);
  await requireProviderRole(deps, order.providerId, userId).catch(() => {
    throw new AppError("NOT_FOUND", "no such work order");
  });
  if (order.status !== "SCHEDULED" && order.status !== "IN_PROGRESS")
    throw new AppError("CONFLICT", `work order is ${order.status}`);
  const now = deps.clock.now();
  const event = buildEvent({
    type: "work.order.scheduled",
    source: { siteId: order.siteId, module: "marketplace" },
    occurredAt: now,
    data: { ...orderData(order), slotStart: input.slotStart, slotEnd: input.slotEnd, scheduledAt: iso(now) },
  });
  await batch(deps.db, [
    statement(
      deps.db,
      sql`UPDATE work_orders SET slot_start = ${Date.parse(input.slotStart)}, slot_end = ${Date.parse(input.slotEnd)} WHERE id = ${id} AND status IN ('SCHEDULED', 'IN_PROGRESS')`,
    ),
    outboxIf(deps.db, event, now, open(id)),
  ]);
  await flush(deps);
}

/** The provider's people start the job (also done by a technician's check-in at the hub). */
export async function startOrder(deps: MarketplaceDeps, id: string, userId: string) {
  const order = await getOrderRow(deps, id);
  if ((await sideOf(deps, order, userId)).side !== "provider")
    throw new AppError("FORBIDDEN", "only the provider starts the work");
  const now = deps.clock.now();
  await batch(deps.db, startStatements(deps.db, order, now, now) as [ReturnType<MarketplaceDb["run"]>]);
  const after = await getOrderRow(deps, id);
  if (after.status !== "IN_PROGRESS") throw new AppError("CONFLICT", `work order is ${after.status}`);
  await flush(deps);
  return after;
}

/** The provider's people complete the job with its items; totals are computed here. */
export async function completeOrder(
  deps: MarketplaceDeps,
  id: string,
  userId: string,
  input: z.infer<typeof completeInput>,
) {
  const order = await getOrderRow(deps, id);
  if ((await sideOf(deps, order, userId)).side !== "provider")
    throw new AppError("FORBIDDEN", "only the provider completes the work");
  if (order.status !== "SCHEDULED" && order.status !== "IN_PROGRESS")
    throw new AppError("CONFLICT", `work order is ${order.status}`);
  const now = deps.clock.now();
  const [first, ...rest] = [
    ...itemStatements(deps.db, id, input.items, now),
    ...completeStatements(deps.db, order, now, input.resolution, now),
  ];
  await batch(deps.db, [first!, ...rest]);
  const after = await getOrderRow(deps, id);
  if (after.status !== "COMPLETED") throw new AppError("CONFLICT", `work order is ${after.status}`);
  await flush(deps);
  return after;
}

/** The site's owner or maintainer cancels an order not yet completed; a visit already recorded is kept. */
export async function cancelOrder(deps: MarketplaceDeps, id: string, userId: string, reason: string | null) {
  const order = await getOrderRow(deps, id);
  const side = await sideOf(deps, order, userId);
  if (side.side !== "site" || !side.staff)
    throw new AppError("FORBIDDEN", "requires role OWNER or MAINTAINER");
  const now = deps.clock.now();
  const token = uuidv7(now);
  const event = buildEvent({
    type: "work.order.cancelled",
    source: { siteId: order.siteId, module: "marketplace" },
    occurredAt: now,
    data: { ...orderData(order), reason, cancelledAt: iso(now) },
  });
  await batch(deps.db, [
    statement(
      deps.db,
      sql`UPDATE work_orders SET status = 'CANCELLED', cancelled_at = ${now}, last_op = ${token} WHERE id = ${id} AND status IN ('SCHEDULED', 'IN_PROGRESS')`,
    ),
    outboxIf(
      deps.db,
      event,
      now,
      sql`EXISTS (SELECT 1 FROM work_orders WHERE id = ${id} AND last_op = ${token})`,
    ),
  ]);
  const after = await getOrderRow(deps, id);
  if (after.lastOp !== token) throw new AppError("CONFLICT", `work order is ${after.status}`);
  await flush(deps);
  return after;
}

export { completeStatements, itemStatements, startStatements, type WorkOrderRow };
