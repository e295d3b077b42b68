/** Stripe PaymentIntent events → the payment, its invoice and a `payment.succeeded` / `payment.failed` event. */
import { and, eq, ne } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type Stripe from "stripe";
import { buildEvent } from "../../shared/events/index.ts";
import { type BillingDb, schema } from "./db.ts";
import { outboxInsert } from "./outbox.ts";

async function paymentOf(db: BillingDb, intent: Stripe.PaymentIntent) {
  const byIntent = await db
    .select()
    .from(schema.payments)
    .where(eq(schema.payments.stripePaymentIntentId, intent.id))
    .get();
  if (byIntent) return byIntent;
  // The webhook can beat the write of the intent's id after creation; the metadata links it anyway.
  const id = intent.metadata?.paymentId;
  return id ? db.select().from(schema.payments).where(eq(schema.payments.id, id)).get() : undefined;
}

export async function onPaymentIntent(
  db: BillingDb,
  event: Stripe.PaymentIntentSucceededEvent | Stripe.PaymentIntentPaymentFailedEvent,
  now: number,
): Promise<BatchItem<"sqlite">[]> {
  const intent = event.data.object;
  const payment = await paymentOf(db, intent);
  // A success is final: a late failure (an earlier attempt on the same intent) changes nothing.
  if (!payment || payment.status === "SUCCESS") return [];
  const succeeded = event.type === "payment_intent.succeeded";
  if (succeeded && (intent.amount_received !== payment.amount || intent.currency !== payment.currency)) {
    // Never mark paid for another amount than the one the server computed.
    return [];
  }
  const at = new Date(now).toISOString();
  const common = {
    paymentId: payment.id,
    payableKind: payment.payableKind,
    payableId: payment.payableId,
    accountId: payment.accountId,
    amount: payment.amount,
    currency: payment.currency,
    stripePaymentIntentId: intent.id,
  };
  const source = { siteId: payment.siteId ?? `account:${payment.accountId}`, module: "billing" as const };
  const event$ = succeeded
    ? buildEvent({ type: "payment.succeeded", source, occurredAt: now, data: { ...common, succeededAt: at } })
    : buildEvent({
        type: "payment.failed",
        source,
        occurredAt: now,
        data: { ...common, reason: intent.last_payment_error?.message ?? null, failedAt: at },
      });
  const queries: BatchItem<"sqlite">[] = [
    db
      .update(schema.payments)
      .set({
        status: succeeded ? "SUCCESS" : "FAILED",
        stripePaymentIntentId: intent.id,
        failureReason: succeeded ? null : (intent.last_payment_error?.message ?? "payment failed"),
        processedAt: now,
      })
      .where(and(eq(schema.payments.id, payment.id), ne(schema.payments.status, "SUCCESS"))),
    outboxInsert(db, event$, now),
  ];
  if (succeeded) {
    queries.push(
      db
        .update(schema.invoices)
        .set({ status: "PAID", paidAt: now })
        .where(and(eq(schema.invoices.id, payment.invoiceId), eq(schema.invoices.status, "PENDING"))),
    );
  }
  return queries;
}
