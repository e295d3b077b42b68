/** The plans (seed 000: Polar Bear, Snow Bear, Glacial Bear): monthly price and limits, written down once. */
import type { PlanLimitName } from "../../shared/billing/index.ts";
import type { Money } from "../../shared/money/index.ts";

export const PLAN_IDS = ["POLAR_BEAR", "SNOW_BEAR", "GLACIAL_BEAR"] as const;
export type PlanId = (typeof PLAN_IDS)[number];

export interface Plan {
  id: PlanId;
  name: string;
  /** Per month, in minor units; Polar Bear is the free plan every account starts on. */
  price: Money;
  /** `sites` per account; `hubs`, `equipment` and `members` per site; `historyDays` kept. */
  limits: Record<PlanLimitName, number>;
}

export const PLANS: Record<PlanId, Plan> = {
  POLAR_BEAR: {
    id: "POLAR_BEAR",
    name: "Polar Bear",
    price: { amount: 0, currency: "eur" },
    limits: { sites: 2, hubs: 2, equipment: 10, members: 5, historyDays: 30 },
  },
  SNOW_BEAR: {
    id: "SNOW_BEAR",
    name: "Snow Bear",
    price: { amount: 2900, currency: "eur" },
    limits: { sites: 5, hubs: 5, equipment: 50, members: 20, historyDays: 365 },
  },
  GLACIAL_BEAR: {
    id: "GLACIAL_BEAR",
    name: "Glacial Bear",
    price: { amount: 9900, currency: "eur" },
    limits: { sites: 25, hubs: 10, equipment: 500, members: 100, historyDays: 3 * 365 },
  },
};

export const FREE_PLAN: PlanId = "POLAR_BEAR";

/** A subscription whose payment failed keeps its plan's limits this long before falling back to the free plan. */
export const GRACE_PERIOD_MS = 7 * 24 * 3600 * 1000;

export function isPlanId(value: string): value is PlanId {
  return (PLAN_IDS as readonly string[]).includes(value);
}

/** Order of the plans: a change to a higher one is an upgrade. */
export function planRank(id: PlanId): number {
  return PLAN_IDS.indexOf(id);
}
