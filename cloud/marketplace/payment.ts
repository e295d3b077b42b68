/** Paying for a work order through billing (a PayableResolver), and the owner's feedback once it is done. */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "../../shared/errors/index.ts";
import { buildEvent, type EventEnvelope, type PaymentSucceededData } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import type { PayableResolver } from "../billing/payables.ts";
import { batch } from "../db/index.ts";
import { consumeOnce } from "../events/index.ts";
import { flush, iso, type MarketplaceDeps, outboxIf, statement } from "./deps.ts";
import * as schema from "./schema.ts";
import { getOrderRow } from "./work-orders.ts";

export const PAYABLE_KIND = "WORK_ORDER";

/**
 * A completed work order is payable by the site's owner who set it up: the items' server-computed total, or
 * the accepted bid's amount when no items were recorded.
 */
export function workOrderPayables(deps: MarketplaceDeps): PayableResolver {
  return {
    kind: PAYABLE_KIND,
    async resolve(id) {
      const order = await getOrderRow(deps, id).catch(() => null);
      if (order?.status !== "COMPLETED") return null;
      return {
        kind: PAYABLE_KIND,
        id,
        payerId: order.payerId,
        siteId: order.siteId,
        amount: order.totalAmount || order.quotedAmount,
        currency: order.currency,
        description: `Work order ${order.number}: ${order.title}`,
      };
    },
  };
}

/** billing's payment.succeeded for a work order → PAID, once. */
export async function markPaid(deps: MarketplaceDeps, event: EventEnvelope) {
  const data = event.data as PaymentSucceededData;
  if (data.payableKind !== PAYABLE_KIND) return;
  await consumeOnce(
    { db: deps.db, table: schema.processedEvents, clock: deps.clock },
    "marketplace.payments",
    event,
    async () => {
      const order = await getOrderRow(deps, data.payableId).catch(() => null);
      if (!order) return [];
      const now = deps.clock.now();
      const token = uuidv7(now);
      const paid = buildEvent({
        type: "work.order.paid",
        source: { siteId: order.siteId, module: "marketplace" },
        occurredAt: now,
        correlationId: event.correlationId,
        data: {
          workOrderId: order.id,
          number: order.number,
          siteId: order.siteId,
          providerId: order.providerId,
          amount: data.amount,
          currency: data.currency,
          paymentId: data.paymentId,
          paidAt: data.succeededAt,
        },
      });
      return [
        statement(
          deps.db,
          sql`UPDATE work_orders SET status = 'PAID', paid_at = ${Date.parse(data.succeededAt)}, last_op = ${token} WHERE id = ${order.id} AND status = 'COMPLETED'`,
        ),
        outboxIf(
          deps.db,
          paid,
          now,
          sql`EXISTS (SELECT 1 FROM work_orders WHERE id = ${order.id} AND last_op = ${token})`,
        ),
      ];
    },
  );
  await flush(deps);
}

export const feedbackInput = z.object({
  rating: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).default(""),
});

/** The payer rates a completed (or paid) order once; the provider's rating moves in the same batch. */
export async function submitFeedback(
  deps: MarketplaceDeps,
  id: string,
  userId: string,
  input: z.infer<typeof feedbackInput>,
) {
  const order = await getOrderRow(deps, id);
  if (order.payerId !== userId) throw new AppError("NOT_FOUND", "no such work order");
  if (order.status !== "COMPLETED" && order.status !== "PAID")
    throw new AppError("CONFLICT", `work order is ${order.status}`);
  const now = deps.clock.now();
  const token = uuidv7(now);
  const won = sql`EXISTS (SELECT 1 FROM work_orders WHERE id = ${id} AND feedback_id = ${token})`;
  const event = buildEvent({
    type: "work.order.feedback.submitted",
    source: { siteId: order.siteId, module: "marketplace" },
    occurredAt: now,
    data: {
      workOrderId: id,
      number: order.number,
      siteId: order.siteId,
      providerId: order.providerId,
      rating: input.rating,
      submittedAt: iso(now),
    },
  });
  await batch(deps.db, [
    statement(
      deps.db,
      sql`UPDATE work_orders SET feedback_rating = ${input.rating}, feedback_comment = ${input.comment},
            feedback_at = ${now}, feedback_id = ${token}
          WHERE id = ${id} AND feedback_id IS NULL AND status IN ('COMPLETED', 'PAID')`,
    ),
    statement(
      deps.db,
      sql`UPDATE providers SET rating_sum = rating_sum + ${input.rating}, rating_count = rating_count + 1
          WHERE id = ${order.providerId} AND ${won}`,
    ),
    outboxIf(deps.db, event, now, won),
  ]);
  const after = await getOrderRow(deps, id);
  if (after.feedbackId !== token) throw new AppError("CONFLICT", "feedback was already given");
  await flush(deps);
  return after;
}
