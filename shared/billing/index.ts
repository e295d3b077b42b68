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

/** How many minor units a currency's main unit has, as a power of ten (Intl knows: EUR 2, JPY 0). */
export function minorUnitDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency: currency.toUpperCase() }).resolvedOptions()
        .maximumFractionDigits ?? 2
    );
  } catch {
    return 2;
  }
}

/** Money as the owner app shows it, with the currency's code: `{ amount: 2900, currency: "eur" }` → "EUR 29.00". */
export function formatMoneyCode({ amount, currency }: Money): string {
  const digits = minorUnitDigits(currency);
  return `${currency.toUpperCase()} ${(amount / 10 ** digits).toFixed(digits)}`;
}
