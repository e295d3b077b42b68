/** Payments for payables (dispenser orders, work orders): PaymentIntents with server-computed amounts, refunds. */
import { and, desc, eq, sql } from "drizzle-orm";
import { AppError } from "../../shared/errors/index.ts";
import { buildEvent } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { runBatch, schema } from "./db.ts";
import type { BillingDeps } from "./deps.ts";
import { nextInvoiceSeq } from "./invoices.ts";
import { flushOutbox, outboxInsert } from "./outbox.ts";
import type { Payable } from "./payables.ts";
import type { PaymentMethod } from "./schema.ts";

export interface PaymentStarted {
  paymentId: string;
  invoiceId: string;
  paymentIntentId: string;
  clientSecret: string;
  amount: number;
  currency: string;
  status: "INITIATED";
}

/**
 * The server's side of one payment attempt: the payable resolved by its owner module (amount and currency from
 * there, never the client), refused when already paid, its invoice (reused while PENDING) and the payment row
 * written. A PaymentIntent (startPayment) and a hosted Checkout (payment-checkout.ts) both start here.
 */
export async function recordPaymentAttempt(
  deps: BillingDeps,
  input: { payerId: string; kind: string; id: string; method?: PaymentMethod },
): Promise<{ payable: Payable; paymentId: string; invoiceId: string }> {
  const payable = await deps.payables.resolve(input.kind, input.id);
  // Someone else's payable answers like a missing one, so ids cannot be probed.
  if (!payable || payable.payerId !== input.payerId)
    throw new AppError("NOT_FOUND", "nothing to pay with that id");
  const paid = await deps.db
    .select({ id: schema.payments.id })
    .from(schema.payments)
    .where(
      and(
        eq(schema.payments.payableKind, payable.kind),
        eq(schema.payments.payableId, payable.id),
        eq(schema.payments.status, "SUCCESS"),
      ),
    )
    .get();
  if (paid) throw new AppError("CONFLICT", "already paid", { paymentId: paid.id });

  const now = deps.clock.now();
  const pending = await deps.db
    .select()
    .from(schema.invoices)
    .where(
      and(
        eq(schema.invoices.kind, payable.kind),
        eq(schema.invoices.payableId, payable.id),
        eq(schema.invoices.status, "PENDING"),
      ),
    )
    .get();
  const invoiceId = pending?.id ?? uuidv7(now);
  const paymentId = uuidv7(now);
  await runBatch(deps.db, [
    ...(pending
      ? []
      : [
          deps.db.insert(schema.invoices).values({
            id: invoiceId,
            accountId: payable.payerId,
            kind: payable.kind,
            description: payable.description,
            amount: payable.amount,
            currency: payable.currency,
            status: "PENDING",
            dueDate: now,
            siteId: payable.siteId,
            payableId: payable.id,
            createdAt: now,
            seq: nextInvoiceSeq(),
          }),
        ]),
    deps.db.insert(schema.payments).values({
      id: paymentId,
      invoiceId,
      accountId: payable.payerId,
      amount: payable.amount,
      currency: payable.currency,
      method: input.method ?? "CARD",
      status: "INITIATED",
      payableKind: payable.kind,
      payableId: payable.id,
      siteId: payable.siteId,
      createdAt: now,
    }),
  ]);
  return { payable, paymentId, invoiceId };
}

/**
 * Starts a payment for `payable` as `payerId`. The amount and currency come from the payable's owner module,
 * never from the client. Each call is one attempt with its own idempotency key, so a retried request to
 * Stripe creates one PaymentIntent; a payable already paid is a CONFLICT.
 */
export async function startPayment(
  deps: BillingDeps,
  input: { payerId: string; kind: string; id: string; method?: PaymentMethod },
): Promise<PaymentStarted> {
  const { payable, paymentId, invoiceId } = await recordPaymentAttempt(deps, input);
  const intent = await deps.stripe.paymentIntents.create(
    {
      amount: payable.amount,
      currency: payable.currency,
      description: payable.description,
      metadata: {
        paymentId,
        invoiceId,
        accountId: payable.payerId,
        payableKind: payable.kind,
        payableId: payable.id,
      },
    },
    { idempotencyKey: `payment-${paymentId}` },
  );
  await deps.db
    .update(schema.payments)
    .set({ stripePaymentIntentId: intent.id })
    .where(eq(schema.payments.id, paymentId));
  return {
    paymentId,
    invoiceId,
    paymentIntentId: intent.id,
    clientSecret: intent.client_secret ?? "",
    amount: payable.amount,
    currency: payable.currency,
    status: "INITIATED",
  };
}

/**
 * Refunds all of a successful payment, or part of it, with a reason. Stripe refuses more than what is left;
 * the refund, the payment's refunded total and the `payment.refunded` event are written in one batch.
 */
export async function refundPayment(
  deps: BillingDeps,
  input: { paymentId: string; amount?: number; reason: string; by: string },
) {
  const payment = await deps.db
    .select()
    .from(schema.payments)
    .where(eq(schema.payments.id, input.paymentId))
    .get();
  if (!payment) throw new AppError("NOT_FOUND", "no such payment");
  if (payment.status !== "SUCCESS" || !payment.stripePaymentIntentId) {
    throw new AppError("CONFLICT", "only a successful payment can be refunded", { status: payment.status });
  }
  const left = payment.amount - payment.refundedAmount;
  const amount = input.amount ?? left;
  if (amount < 1 || amount > left) {
    throw new AppError("VALIDATION_ERROR", `refund must be between 1 and ${left} ${payment.currency}`, {
      left,
    });
  }
  const now = deps.clock.now();
  const refundId = uuidv7(now);
  const refund = await deps.stripe.refunds.create(
    {
      payment_intent: payment.stripePaymentIntentId,
      amount,
      reason: "requested_by_customer",
      metadata: { refundId, paymentId: payment.id, reason: input.reason.slice(0, 500) },
    },
    { idempotencyKey: `refund-${refundId}` },
  );
  const refundedTotal = payment.refundedAmount + amount;
  const event = buildEvent({
    type: "payment.refunded",
    source: { siteId: payment.siteId ?? `account:${payment.accountId}`, module: "billing" },
    occurredAt: now,
    data: {
      paymentId: payment.id,
      payableKind: payment.payableKind,
      payableId: payment.payableId,
      accountId: payment.accountId,
      amount: payment.amount,
      currency: payment.currency,
      stripePaymentIntentId: payment.stripePaymentIntentId,
      refundId,
      refundAmount: amount,
      refundedTotal,
      fullyRefunded: refundedTotal === payment.amount,
      reason: input.reason,
      refundedAt: new Date(now).toISOString(),
    },
  });
  await runBatch(deps.db, [
    deps.db.insert(schema.refunds).values({
      id: refundId,
      paymentId: payment.id,
      amount,
      currency: payment.currency,
      reason: input.reason,
      stripeRefundId: refund.id,
      createdBy: input.by,
      createdAt: now,
    }),
    deps.db
      .update(schema.payments)
      .set({ refundedAmount: sql`${schema.payments.refundedAmount} + ${amount}` })
      .where(eq(schema.payments.id, payment.id)),
    outboxInsert(deps.db, event, now),
  ]);
  await flushOutbox(deps).catch(() => {});
  return {
    refundId,
    paymentId: payment.id,
    amount,
    currency: payment.currency,
    refundedTotal,
    reason: input.reason,
  };
}

export async function listPayments(deps: Pick<BillingDeps, "db">, accountId: string) {
  const rows = await deps.db
    .select()
    .from(schema.payments)
    .where(eq(schema.payments.accountId, accountId))
    .orderBy(desc(schema.payments.createdAt))
    .limit(200);
  return rows.map((p) => ({
    id: p.id,
    invoiceId: p.invoiceId,
    amount: p.amount,
    currency: p.currency,
    method: p.method,
    status: p.status,
    refundedAmount: p.refundedAmount,
    payable: { kind: p.payableKind, id: p.payableId },
    siteId: p.siteId,
    createdAt: new Date(p.createdAt).toISOString(),
    processedAt: p.processedAt === null ? null : new Date(p.processedAt).toISOString(),
  }));
}

/**
 * The account's balance per currency, computed from the records (never stored, so it cannot drift):
 * paid = successful payments, refunded = refunds of them, net = paid − refunded, outstanding = PENDING invoices.
 */
export async function getBalance(deps: Pick<BillingDeps, "db">, accountId: string) {
  const paid = await deps.db
    .select({
      currency: schema.payments.currency,
      paid: sql<number>`coalesce(sum(${schema.payments.amount}), 0)`,
      refunded: sql<number>`coalesce(sum(${schema.payments.refundedAmount}), 0)`,
    })
    .from(schema.payments)
    .where(and(eq(schema.payments.accountId, accountId), eq(schema.payments.status, "SUCCESS")))
    .groupBy(schema.payments.currency);
  const owed = await deps.db
    .select({
      currency: schema.invoices.currency,
      outstanding: sql<number>`coalesce(sum(${schema.invoices.amount}), 0)`,
    })
    .from(schema.invoices)
    .where(and(eq(schema.invoices.accountId, accountId), eq(schema.invoices.status, "PENDING")))
    .groupBy(schema.invoices.currency);
  const currencies = new Set([...paid.map((p) => p.currency), ...owed.map((o) => o.currency)]);
  return [...currencies].sort().map((currency) => {
    const p = paid.find((x) => x.currency === currency);
    const o = owed.find((x) => x.currency === currency);
    const paidAmount = Number(p?.paid ?? 0);
    const refunded = Number(p?.refunded ?? 0);
    return {
      currency,
      paid: paidAmount,
      refunded,
      net: paidAmount - refunded,
      outstanding: Number(o?.outstanding ?? 0),
    };
  });
}
