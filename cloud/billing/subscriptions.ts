/** Subscriptions: Checkout for a paid plan, plan changes (upgrade now, downgrade at period end), the account's view. */
import { eq } from "drizzle-orm";
import { AppError } from "../../shared/errors/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { type BillingDb, schema } from "./db.ts";
import type { BillingDeps } from "./deps.ts";
import { effectivePlan, findSubscription } from "./limits.ts";
import { FREE_PLAN, GRACE_PERIOD_MS, PLANS, type Plan, type PlanId, planRank } from "./plans.ts";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export interface SubscriptionView {
  plan: PlanId;
  /** The plan whose limits apply now (see effectivePlan). */
  effectivePlan: PlanId;
  status: "NONE" | "INCOMPLETE" | "ACTIVE" | "PAST_DUE" | "CANCELED";
  currentPeriodEnd: string | null;
  scheduledPlan: string | null;
  scheduledAt: string | null;
  graceUntil: string | null;
  limits: Plan["limits"];
}

export async function getSubscription(
  deps: Pick<BillingDeps, "db" | "clock">,
  accountId: string,
): Promise<SubscriptionView> {
  const sub = await findSubscription(deps, accountId);
  const effective = effectivePlan(sub, deps.clock.now());
  return {
    plan: (sub?.plan as PlanId | undefined) ?? FREE_PLAN,
    effectivePlan: effective,
    status: sub?.status ?? "NONE",
    currentPeriodEnd: iso(sub?.currentPeriodEnd ?? null),
    scheduledPlan: sub?.scheduledPlan ?? null,
    scheduledAt: iso(sub?.scheduledAt ?? null),
    graceUntil:
      sub?.status === "PAST_DUE" && sub.pastDueSince !== null
        ? iso(sub.pastDueSince + GRACE_PERIOD_MS)
        : null,
    limits: PLANS[effective].limits,
  };
}

/** The account's Stripe customer, created once (the idempotency key makes a racing second call return the same one). */
export async function ensureCustomer(
  deps: Pick<BillingDeps, "db" | "clock" | "stripe">,
  account: { id: string; email: string },
): Promise<string> {
  const known = await deps.db
    .select()
    .from(schema.customers)
    .where(eq(schema.customers.accountId, account.id))
    .get();
  if (known) return known.stripeCustomerId;
  const customer = await deps.stripe.customers.create(
    { email: account.email, metadata: { accountId: account.id } },
    { idempotencyKey: `customer-${account.id}` },
  );
  await deps.db
    .insert(schema.customers)
    .values({ accountId: account.id, stripeCustomerId: customer.id, createdAt: deps.clock.now() })
    .onConflictDoNothing();
  return customer.id;
}

function priceData(plan: Plan) {
  return {
    currency: plan.price.currency,
    unit_amount: plan.price.amount,
    recurring: { interval: "month" as const },
  };
}

/** Starts a Stripe Checkout (mode subscription) for a paid plan; the owner is sent to the returned URL. */
export async function startCheckout(
  deps: BillingDeps,
  input: { accountId: string; email: string; plan: PlanId },
): Promise<{ url: string; sessionId: string }> {
  const plan = PLANS[input.plan];
  if (plan.price.amount === 0)
    throw new AppError("VALIDATION_ERROR", `${plan.name} is free; no Checkout needed`);
  const existing = await findSubscription(deps, input.accountId);
  if (existing?.stripeSubscriptionId && (existing.status === "ACTIVE" || existing.status === "PAST_DUE")) {
    throw new AppError("CONFLICT", "already subscribed: change the plan instead", { plan: existing.plan });
  }
  const customer = await ensureCustomer(deps, { id: input.accountId, email: input.email });
  const now = deps.clock.now();
  const attempt = uuidv7(now);
  const metadata = { accountId: input.accountId, plan: plan.id, attempt };
  const back = (outcome: string) =>
    `${deps.appUrl}/billing?checkout=${outcome}&session={CHECKOUT_SESSION_ID}`;
  const session = await deps.stripe.checkout.sessions.create(
    {
      mode: "subscription",
      customer,
      line_items: [
        { quantity: 1, price_data: { ...priceData(plan), product_data: { name: `Outpost ${plan.name}` } } },
      ],
      metadata,
      subscription_data: { metadata },
      success_url: back("success"),
      cancel_url: back("cancel"),
    },
    { idempotencyKey: `checkout-${attempt}` },
  );
  if (!session.url) throw new AppError("SERVICE_UNAVAILABLE", "Stripe returned no Checkout URL");
  await recordAttempt(deps.db, { accountId: input.accountId, plan: plan.id, attempt, now });
  return { url: session.url, sessionId: session.id };
}

async function recordAttempt(
  db: BillingDb,
  a: { accountId: string; plan: PlanId; attempt: string; now: number },
) {
  await db
    .insert(schema.subscriptions)
    .values({
      accountId: a.accountId,
      plan: a.plan,
      status: "INCOMPLETE",
      checkoutAttempt: a.attempt,
      updatedAt: a.now,
    })
    .onConflictDoUpdate({
      target: schema.subscriptions.accountId,
      set: {
        plan: a.plan,
        status: "INCOMPLETE",
        checkoutAttempt: a.attempt,
        stripeSubscriptionId: null,
        scheduledPlan: null,
        scheduledAt: null,
        pastDueSince: null,
        updatedAt: a.now,
      },
    });
}

/**
 * Changes the plan of a running subscription. An upgrade applies now and is invoiced at once (prorated by
 * Stripe); a downgrade keeps the paid plan's limits until the period ends and is billed from the next period.
 * Moving to the free plan cancels at period end.
 */
export async function changePlan(
  deps: BillingDeps,
  input: { accountId: string; plan: PlanId },
): Promise<SubscriptionView> {
  const sub = await findSubscription(deps, input.accountId);
  if (!sub?.stripeSubscriptionId || (sub.status !== "ACTIVE" && sub.status !== "PAST_DUE")) {
    throw new AppError("CONFLICT", "no running subscription: start a Checkout first");
  }
  const now = deps.clock.now();
  const current = effectivePlan(sub, now);
  if (input.plan === current && !sub.scheduledPlan) return getSubscription(deps, input.accountId);
  const remote = await deps.stripe.subscriptions.retrieve(sub.stripeSubscriptionId);
  const item = remote.items.data[0];
  if (!item) throw new AppError("SERVICE_UNAVAILABLE", "Stripe subscription has no item");
  const periodEnd = (item.current_period_end ?? 0) * 1000 || sub.currentPeriodEnd || now;
  const metadata = { accountId: input.accountId, plan: input.plan, attempt: sub.checkoutAttempt ?? "" };
  const key = `plan-${sub.stripeSubscriptionId}-${input.plan}-${uuidv7(now)}`;

  if (input.plan === FREE_PLAN) {
    await deps.stripe.subscriptions.update(
      sub.stripeSubscriptionId,
      { cancel_at_period_end: true },
      { idempotencyKey: key },
    );
    await schedule(deps.db, input.accountId, FREE_PLAN, periodEnd, now);
  } else if (planRank(input.plan) > planRank(current)) {
    const product = typeof item.price.product === "string" ? item.price.product : item.price.product.id;
    await deps.stripe.subscriptions.update(
      sub.stripeSubscriptionId,
      {
        items: [{ id: item.id, price_data: { ...priceData(PLANS[input.plan]), product } }],
        proration_behavior: "always_invoice",
        cancel_at_period_end: false,
        metadata,
      },
      { idempotencyKey: key },
    );
    await deps.db
      .update(schema.subscriptions)
      .set({ plan: input.plan, scheduledPlan: null, scheduledAt: null, updatedAt: now })
      .where(eq(schema.subscriptions.accountId, input.accountId));
  } else {
    const product = typeof item.price.product === "string" ? item.price.product : item.price.product.id;
    await deps.stripe.subscriptions.update(
      sub.stripeSubscriptionId,
      {
        items: [{ id: item.id, price_data: { ...priceData(PLANS[input.plan]), product } }],
        proration_behavior: "none",
        cancel_at_period_end: false,
        metadata,
      },
      { idempotencyKey: key },
    );
    await schedule(deps.db, input.accountId, input.plan, periodEnd, now);
  }
  return getSubscription(deps, input.accountId);
}

async function schedule(db: BillingDb, accountId: string, plan: PlanId, at: number, now: number) {
  await db
    .update(schema.subscriptions)
    .set({ scheduledPlan: plan, scheduledAt: at, updatedAt: now })
    .where(eq(schema.subscriptions.accountId, accountId));
}
