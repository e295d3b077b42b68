/** Billing tables (BILLING_DB): subscriptions, invoices, payments, refunds, Stripe events applied, event outbox. */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { outboxTable } from "../events/outbox.ts";

export const SUBSCRIPTION_STATUSES = ["INCOMPLETE", "ACTIVE", "PAST_DUE", "CANCELED"] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];
// Seed 004's words.
export const INVOICE_STATUSES = ["PENDING", "PAID", "CANCELLED"] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const PAYMENT_STATUSES = ["INITIATED", "SUCCESS", "FAILED"] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];
export const PAYMENT_METHODS = ["CARD", "BANK_TRANSFER", "WALLET"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** An account's Stripe customer, made once (idempotency key per account). */
export const customers = sqliteTable("billing_customers", {
  accountId: text("account_id").primaryKey(),
  stripeCustomerId: text("stripe_customer_id").notNull().unique(),
  createdAt: integer("created_at").notNull(),
});

/** One row per account that ever started a Checkout; accounts without one are on the free plan. */
export const subscriptions = sqliteTable("subscriptions", {
  accountId: text("account_id").primaryKey(),
  plan: text("plan").notNull(),
  status: text("status", { enum: SUBSCRIPTION_STATUSES }).notNull(),
  stripeSubscriptionId: text("stripe_subscription_id").unique(),
  /** Our id for the latest Checkout attempt, carried in the Stripe subscription's metadata to link it back. */
  checkoutAttempt: text("checkout_attempt"),
  currentPeriodEnd: integer("current_period_end"),
  /** A downgrade waits for the end of the paid period. */
  scheduledPlan: text("scheduled_plan"),
  scheduledAt: integer("scheduled_at"),
  pastDueSince: integer("past_due_since"),
  /** `created` (seconds) of the newest Stripe event applied: an older one never overwrites a newer one. */
  stripeEventCreated: integer("stripe_event_created").notNull().default(0),
  updatedAt: integer("updated_at").notNull(),
});

export const invoices = sqliteTable(
  "invoices",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    /** SUBSCRIPTION, or the payable kind (e.g. DISPENSER_ORDER, WORK_ORDER). */
    kind: text("kind").notNull(),
    description: text("description").notNull(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    status: text("status", { enum: INVOICE_STATUSES }).notNull(),
    dueDate: integer("due_date").notNull(),
    siteId: text("site_id"),
    payableId: text("payable_id"),
    stripeInvoiceId: text("stripe_invoice_id").unique(),
    createdAt: integer("created_at").notNull(),
    paidAt: integer("paid_at"),
    /** The invoice number's sequence, gapless in creation order (see invoices.ts `nextInvoiceSeq`). */
    seq: integer("seq"),
  },
  (t) => [
    index("invoices_account_idx").on(t.accountId, t.createdAt),
    uniqueIndex("invoices_seq_idx").on(t.seq),
  ],
);

export const payments = sqliteTable(
  "payments",
  {
    id: text("id").primaryKey(),
    invoiceId: text("invoice_id").notNull(),
    accountId: text("account_id").notNull(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    method: text("method", { enum: PAYMENT_METHODS }).notNull(),
    status: text("status", { enum: PAYMENT_STATUSES }).notNull(),
    refundedAmount: integer("refunded_amount").notNull().default(0),
    payableKind: text("payable_kind").notNull(),
    payableId: text("payable_id").notNull(),
    /** Null for subscription payments, which belong to the account, not a site. */
    siteId: text("site_id"),
    stripePaymentIntentId: text("stripe_payment_intent_id").unique(),
    failureReason: text("failure_reason"),
    createdAt: integer("created_at").notNull(),
    processedAt: integer("processed_at"),
  },
  (t) => [index("payments_account_idx").on(t.accountId, t.createdAt)],
);

export const refunds = sqliteTable(
  "refunds",
  {
    id: text("id").primaryKey(),
    paymentId: text("payment_id").notNull(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    reason: text("reason").notNull(),
    stripeRefundId: text("stripe_refund_id").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("refunds_stripe_idx").on(t.stripeRefundId),
    index("refunds_payment_idx").on(t.paymentId),
  ],
);

/** Stripe events already applied, recorded in the same batch as their effect. */
export const stripeEvents = sqliteTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  appliedAt: integer("applied_at").notNull(),
});

/** Domain events written with their cause, published to the bus after the batch commits. */
export const outbox = outboxTable("billing_outbox");
