/** Which plan an account is on right now, and the limit check other modules inject where things are created. */
import { eq } from "drizzle-orm";
import type { PlanLimitName } from "../../shared/billing/index.ts";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { type BillingDb, schema } from "./db.ts";
import { FREE_PLAN, GRACE_PERIOD_MS, isPlanId, PLANS, type PlanId } from "./plans.ts";

type SubscriptionRow = typeof schema.subscriptions.$inferSelect;

/**
 * The plan whose limits apply at `now`: the paid plan while the subscription is active or within the grace
 * period after a failed payment, the scheduled (lower) plan once its period has ended, else the free plan.
 */
export function effectivePlan(sub: SubscriptionRow | undefined, now: number): PlanId {
  if (!sub) return FREE_PLAN;
  if (sub.status === "CANCELED" || sub.status === "INCOMPLETE") return FREE_PLAN;
  if (sub.status === "PAST_DUE" && sub.pastDueSince !== null && now >= sub.pastDueSince + GRACE_PERIOD_MS) {
    return FREE_PLAN;
  }
  const plan =
    sub.scheduledPlan && sub.scheduledAt !== null && now >= sub.scheduledAt ? sub.scheduledPlan : sub.plan;
  return isPlanId(plan) ? plan : FREE_PLAN;
}

export async function findSubscription(deps: { db: BillingDb }, accountId: string) {
  return deps.db
    .select()
    .from(schema.subscriptions)
    .where(eq(schema.subscriptions.accountId, accountId))
    .get();
}

/** Refuses with PLAN_LIMIT when one more `limit` would exceed the account's plan; `used` is counted by the caller. */
export async function checkPlanLimit(
  deps: { db: BillingDb; clock: Clock },
  accountId: string,
  limit: PlanLimitName,
  used: number,
): Promise<void> {
  const plan = PLANS[effectivePlan(await findSubscription(deps, accountId), deps.clock.now())];
  const allowed = plan.limits[limit];
  if (used + 1 > allowed) {
    throw new AppError("PLAN_LIMIT", `the ${plan.name} plan allows ${allowed} ${limit}`, {
      limit,
      allowed,
      used,
      plan: plan.id,
    });
  }
}
