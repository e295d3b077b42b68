/** Billing contracts other modules compile against: the names of plan limits and the check they inject (money: shared/money). */

/** What a plan limits: `sites` per account; `hubs`, `equipment`, `members` per site; `historyDays` kept. */
export const PLAN_LIMIT_NAMES = ["sites", "hubs", "equipment", "members", "historyDays"] as const;
export type PlanLimitName = (typeof PLAN_LIMIT_NAMES)[number];

/**
 * Refuses with `PLAN_LIMIT` (details: `{ limit, allowed, used, plan }`) when `accountId`, already using `used`
 * of `limit`, may not create one more. Modules that create limited things take it as a dependency.
 */
export type PlanLimitCheck = (accountId: string, limit: PlanLimitName, used: number) => Promise<void>;
