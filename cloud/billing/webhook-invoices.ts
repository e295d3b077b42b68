/** Stripe invoice events → the account's subscription invoice and payment rows, and the subscription's standing. */
import { eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type Stripe from "stripe";
import { uuidv7 } from "../../shared/ids/index.ts";
import { type BillingDb, schema } from "./db.ts";
import { nextInvoiceSeq } from "./invoices.ts";
import { subscriptionPaymentOutcome } from "./webhook-subscriptions.ts";

function subscriptionOf(invoice: Stripe.Invoice): { id: string; accountId: string | undefined } | null {
  const details = invoice.parent?.subscription_details;
  const sub = details?.subscription ?? (invoice as unknown as { subscription?: string | null }).subscription;
  if (!sub) return null;
  return { id: typeof sub === "string" ? sub : sub.id, accountId: details?.metadata?.accountId };
}

export async function onInvoiceOutcome(
  db: BillingDb,
  event: Stripe.InvoicePaidEvent | Stripe.InvoicePaymentFailedEvent,
  now: number,
): Promise<BatchItem<"sqlite">[]> {
  const invoice = event.data.object;
  const sub = subscriptionOf(invoice);
  if (!sub?.accountId || !invoice.id) return [];
  const paid = event.type === "invoice.paid";
  const amount = paid ? invoice.amount_paid : invoice.amount_due;
  const known = await db
    .select()
    .from(schema.invoices)
    .where(eq(schema.invoices.stripeInvoiceId, invoice.id))
    .get();
  const invoiceId = known?.id ?? uuidv7(now);
  const queries: BatchItem<"sqlite">[] = [];
  if (!known) {
    queries.push(
      db.insert(schema.invoices).values({
        id: invoiceId,
        accountId: sub.accountId,
        kind: "SUBSCRIPTION",
        description: `Outpost subscription ${new Date((invoice.period_start ?? event.created) * 1000).toISOString().slice(0, 10)}`,
        amount,
        currency: invoice.currency,
        status: paid ? "PAID" : "PENDING",
        dueDate: (invoice.due_date ?? invoice.created) * 1000,
        stripeInvoiceId: invoice.id,
        createdAt: now,
        seq: nextInvoiceSeq(),
        paidAt: paid ? now : null,
      }),
    );
  } else if (paid && known.status !== "PAID") {
    queries.push(
      db.update(schema.invoices).set({ status: "PAID", paidAt: now }).where(eq(schema.invoices.id, known.id)),
    );
  }
  // Each attempt Stripe reports is one payment row (seed 004: payments belong to invoices).
  queries.push(
    db.insert(schema.payments).values({
      id: uuidv7(now),
      invoiceId,
      accountId: sub.accountId,
      amount,
      currency: invoice.currency,
      method: "CARD",
      status: paid ? "SUCCESS" : "FAILED",
      payableKind: "SUBSCRIPTION",
      payableId: sub.id,
      siteId: null,
      failureReason: paid ? null : "invoice payment failed",
      createdAt: now,
      processedAt: now,
    }),
  );
  queries.push(
    ...(await subscriptionPaymentOutcome(db, {
      accountId: sub.accountId,
      subscriptionId: sub.id,
      paid,
      created: event.created,
      now,
    })),
  );
  return queries;
}
