/** Billing contracts other modules compile against: the names of plan limits and the check they inject. */

/** What a plan limits: `sites` per account; `hubs`, `equipment`, `members` per site; `historyDays` kept. */
export const PLAN_LIMIT_NAMES = ["sites", "hubs", "equipment", "members", "historyDays"] as const;
export type PlanLimitName = (typeof PLAN_LIMIT_NAMES)[number];

/**
 * Refuses with `PLAN_LIMIT` (details: `{ limit, allowed, used, plan }`) when `accountId`, already using `used`
 * of `limit`, may not create one more. Modules that create limited things take it as a dependency.
 */
export type PlanLimitCheck = (accountId: string, limit: PlanLimitName, used: number) => Promise<void>;

/** Money is always integer minor units (cents) with its ISO 4217 currency, lower-case as Stripe writes it. */
export interface Money {
  amount: number;
  currency: string;
}
