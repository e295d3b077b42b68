/** Stripe subscription events → the account's subscription row (checkout completed, subscription created/updated/deleted). */
import { and, eq, isNull, lte, ne, or, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type Stripe from "stripe";
import { type BillingDb, schema } from "./db.ts";
import { FREE_PLAN, isPlanId, type PlanId, planRank } from "./plans.ts";
import type { SubscriptionStatus } from "./schema.ts";

type Row = typeof schema.subscriptions.$inferSelect;

const STATUS: Partial<Record<Stripe.Subscription.Status, SubscriptionStatus>> = {
  active: "ACTIVE",
  trialing: "ACTIVE",
  past_due: "PAST_DUE",
  unpaid: "PAST_DUE",
  paused: "PAST_DUE",
  canceled: "CANCELED",
  incomplete_expired: "CANCELED",
  incomplete: "INCOMPLETE",
};

async function rowOf(db: BillingDb, accountId: string | undefined): Promise<Row | undefined> {
  if (!accountId) return undefined;
  return db.select().from(schema.subscriptions).where(eq(schema.subscriptions.accountId, accountId)).get();
}

/**
 * Guards every write: only this account's current subscription (or the Checkout attempt that started it), only
 * when the event is not older than the newest applied (Stripe's `created`, seconds), and never out of CANCELED
 * for the same subscription (a late "updated" must not revive a deleted subscription).
 */
function guard(row: Row, subscriptionId: string, created: number) {
  return and(
    eq(schema.subscriptions.accountId, row.accountId),
    lte(schema.subscriptions.stripeEventCreated, created),
    or(
      isNull(schema.subscriptions.stripeSubscriptionId),
      eq(schema.subscriptions.stripeSubscriptionId, subscriptionId),
    ),
    or(
      ne(schema.subscriptions.status, "CANCELED"),
      sql`${schema.subscriptions.stripeSubscriptionId} IS NOT ${subscriptionId}`,
    ),
  );
}

function belongs(row: Row | undefined, subscriptionId: string, attempt: string | undefined): row is Row {
  if (!row) return false;
  if (row.stripeSubscriptionId) return row.stripeSubscriptionId === subscriptionId;
  return attempt !== undefined && attempt === row.checkoutAttempt;
}

export async function onCheckoutCompleted(
  db: BillingDb,
  event: Stripe.CheckoutSessionCompletedEvent,
  now: number,
): Promise<BatchItem<"sqlite">[]> {
  const session = event.data.object;
  if (session.mode !== "subscription" || typeof session.subscription !== "string") return [];
  const row = await rowOf(db, session.metadata?.accountId);
  if (!belongs(row, session.subscription, session.metadata?.attempt)) return [];
  const plan = session.metadata?.plan;
  return [
    db
      .update(schema.subscriptions)
      .set({
        stripeSubscriptionId: session.subscription,
        // Only an unpaid attempt becomes ACTIVE here; a newer subscription event may already have said more.
        status: sql`CASE WHEN ${schema.subscriptions.status} = 'INCOMPLETE' AND ${session.payment_status === "paid"} THEN 'ACTIVE' ELSE ${schema.subscriptions.status} END`,
        ...(plan && isPlanId(plan) ? { plan } : {}),
        updatedAt: now,
      })
      .where(guard(row, session.subscription, event.created)),
  ];
}

export async function onSubscriptionChanged(
  db: BillingDb,
  event:
    | Stripe.CustomerSubscriptionCreatedEvent
    | Stripe.CustomerSubscriptionUpdatedEvent
    | Stripe.CustomerSubscriptionDeletedEvent,
  now: number,
): Promise<BatchItem<"sqlite">[]> {
  const sub = event.data.object;
  const row = await rowOf(db, sub.metadata?.accountId);
  if (!belongs(row, sub.id, sub.metadata?.attempt)) return [];
  const status =
    event.type === "customer.subscription.deleted" ? "CANCELED" : (STATUS[sub.status] ?? row.status);
  const eventMs = event.created * 1000;
  const periodEnd = (sub.items.data[0]?.current_period_end ?? 0) * 1000 || row.currentPeriodEnd;
  // A scheduled downgrade whose time has come becomes the plan.
  const due = row.scheduledPlan && row.scheduledAt !== null && row.scheduledAt <= eventMs;
  const base = (due ? row.scheduledPlan : row.plan) as PlanId;
  const incoming = sub.metadata?.plan && isPlanId(sub.metadata.plan) ? sub.metadata.plan : base;
  let plan: PlanId = base;
  let scheduledPlan: string | null = due ? null : row.scheduledPlan;
  let scheduledAt: number | null = due ? null : row.scheduledAt;
  if (planRank(incoming) > planRank(base)) {
    plan = incoming;
    scheduledPlan = null;
    scheduledAt = null;
  } else if (planRank(incoming) < planRank(base)) {
    scheduledPlan = incoming;
    scheduledAt = periodEnd;
  }
  if (sub.cancel_at_period_end && status !== "CANCELED") {
    scheduledPlan = FREE_PLAN;
    scheduledAt = periodEnd;
  }
  const pastDueSince =
    status === "PAST_DUE"
      ? row.status === "PAST_DUE" && row.pastDueSince !== null
        ? row.pastDueSince
        : eventMs
      : null;
  return [
    db
      .update(schema.subscriptions)
      .set({
        stripeSubscriptionId: sub.id,
        status,
        plan,
        scheduledPlan,
        scheduledAt,
        currentPeriodEnd: periodEnd,
        pastDueSince,
        stripeEventCreated: event.created,
        updatedAt: now,
      })
      .where(guard(row, sub.id, event.created)),
  ];
}

/** invoice.paid ends a past-due spell; invoice.payment_failed starts one (the grace period runs from it). */
export async function subscriptionPaymentOutcome(
  db: BillingDb,
  input: {
    accountId: string | undefined;
    subscriptionId: string;
    paid: boolean;
    created: number;
    now: number;
  },
): Promise<BatchItem<"sqlite">[]> {
  const row = await rowOf(db, input.accountId);
  if (!row || row.stripeSubscriptionId !== input.subscriptionId) return [];
  if (row.status === "CANCELED" || row.status === "INCOMPLETE") return [];
  return [
    db
      .update(schema.subscriptions)
      .set(
        input.paid
          ? { status: "ACTIVE", pastDueSince: null, stripeEventCreated: input.created, updatedAt: input.now }
          : {
              status: "PAST_DUE",
              pastDueSince: row.pastDueSince ?? input.created * 1000,
              stripeEventCreated: input.created,
              updatedAt: input.now,
            },
      )
      .where(guard(row, input.subscriptionId, input.created)),
  ];
}
