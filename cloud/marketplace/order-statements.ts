/** The guarded statements of a work order's transitions, shared by the provider's API and the hub's visits. */
import { sql } from "drizzle-orm";
import type { z } from "zod";
import { buildEvent, type visitItemSchema } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { iso, type MarketplaceDb, outboxIf, statement } from "./deps.ts";
import * as schema from "./schema.ts";

export type WorkOrderRow = typeof schema.workOrders.$inferSelect;
export type ItemInput = z.infer<typeof visitItemSchema>;

/** The fields every work-order event starts with. */
export function orderData(o: WorkOrderRow) {
  return { workOrderId: o.id, number: o.number, siteId: o.siteId, providerId: o.providerId };
}

/**
 * The statements that start an order (SCHEDULED → IN_PROGRESS) once: `token` marks this attempt, and the
 * event is written only where it won. Used by the provider's API and by the hub's check-in.
 */
export function startStatements(db: MarketplaceDb, order: WorkOrderRow, at: number, now: number) {
  const token = uuidv7(now);
  const event = buildEvent({
    type: "work.order.started",
    source: { siteId: order.siteId, module: "marketplace" },
    occurredAt: now,
    data: { ...orderData(order), startedAt: iso(at) },
  });
  return [
    statement(
      db,
      sql`UPDATE work_orders SET status = 'IN_PROGRESS', started_at = ${at}, last_op = ${token} WHERE id = ${order.id} AND status = 'SCHEDULED'`,
    ),
    outboxIf(
      db,
      event,
      now,
      sql`EXISTS (SELECT 1 FROM work_orders WHERE id = ${order.id} AND last_op = ${token})`,
    ),
  ];
}

/** Appends items (by operation id, so a retried upload adds nothing) and recomputes the total unless paid. */
export function itemStatements(db: MarketplaceDb, orderId: string, items: readonly ItemInput[], now: number) {
  return [
    ...items.map((i) =>
      db
        .insert(schema.workOrderItems)
        .values({
          id: i.opId,
          workOrderId: orderId,
          kind: i.kind,
          description: i.description,
          quantity: i.quantity,
          unitPrice: i.unitPrice,
          total: Math.round(i.quantity * i.unitPrice),
          createdAt: now,
        })
        .onConflictDoNothing(),
    ),
    statement(
      db,
      sql`UPDATE work_orders SET total_amount = (SELECT COALESCE(SUM(total), 0) FROM work_order_items WHERE work_order_id = ${orderId})
          WHERE id = ${orderId} AND status != 'PAID'`,
    ),
  ];
}

/**
 * Completes an open order once (SCHEDULED or IN_PROGRESS → COMPLETED): the provider's completed jobs count
 * goes up in the same batch, only where this attempt won. A cancelled or already completed order stays.
 */
export function completeStatements(
  db: MarketplaceDb,
  order: WorkOrderRow,
  at: number,
  resolution: string,
  now: number,
) {
  const token = uuidv7(now);
  const won = sql`EXISTS (SELECT 1 FROM work_orders WHERE id = ${order.id} AND last_op = ${token})`;
  const event = buildEvent({
    type: "work.order.completed",
    source: { siteId: order.siteId, module: "marketplace" },
    occurredAt: now,
    data: { ...orderData(order), amount: 0, currency: order.currency, items: 0, completedAt: iso(at) },
  });
  return [
    statement(
      db,
      sql`UPDATE work_orders SET status = 'COMPLETED', completed_at = ${at}, resolution = ${resolution}, last_op = ${token},
            started_at = COALESCE(started_at, ${at})
          WHERE id = ${order.id} AND status IN ('SCHEDULED', 'IN_PROGRESS')`,
    ),
    statement(
      db,
      sql`UPDATE providers SET completed_jobs = completed_jobs + 1 WHERE id = ${order.providerId} AND ${won}`,
    ),
    statement(
      db,
      sql`INSERT INTO marketplace_outbox (id, event, created_at)
          SELECT ${event.id}, json_set(${JSON.stringify(event)}, '$.data.amount', COALESCE(NULLIF(total_amount, 0), quoted_amount),
            '$.data.items', (SELECT count(*) FROM work_order_items WHERE work_order_id = ${order.id})), ${now}
          FROM work_orders WHERE id = ${order.id} AND last_op = ${token}`,
    ),
  ];
}
