/**
 * What can be paid for. Billing never takes an amount from the client: the module that owns a payable
 * (dispensing for orders, service for work orders) resolves it to amount, currency and payer on the server.
 */
import type { Money } from "../../shared/money/index.ts";

export interface Payable extends Money {
  kind: string;
  id: string;
  /** The account that pays; only it may start a payment. */
  payerId: string;
  /** The site the payable belongs to (events are sourced there). */
  siteId: string;
  description: string;
}

export interface PayableResolver {
  kind: string;
  /** The payable as its owner module sees it now, or null when it does not exist or cannot be paid. */
  resolve(id: string): Promise<Payable | null>;
}

export interface PayableRegistry {
  resolve(kind: string, id: string): Promise<Payable | null>;
  kinds(): string[];
}

/** One resolver per kind; dispensing and service add theirs where the Worker's dependencies are built. */
export function payableRegistry(resolvers: readonly PayableResolver[]): PayableRegistry {
  const byKind = new Map(resolvers.map((r) => [r.kind, r]));
  return {
    resolve: async (kind, id) => (await byKind.get(kind)?.resolve(id)) ?? null,
    kinds: () => [...byKind.keys()],
  };
}

const DEMO_ITEMS: Record<string, { amount: number; description: string }> = {
  espresso: { amount: 250, description: "Demo dispenser order: espresso" },
  "service-visit": { amount: 8900, description: "Demo work order: service visit" },
};

/**
 * Development and tests only (never registered in production): kind `DEMO`, id `<item>.<payerId>.<siteId>`,
 * priced from a fixed list above so tests can show that the client's amount is ignored.
 */
export const demoPayables: PayableResolver = {
  kind: "DEMO",
  async resolve(id) {
    const [item, payerId, siteId] = id.split(".");
    const priced = item ? DEMO_ITEMS[item] : undefined;
    if (!priced || !payerId || !siteId) return null;
    return {
      kind: "DEMO",
      id,
      payerId,
      siteId,
      amount: priced.amount,
      currency: "eur",
      description: priced.description,
    };
  },
};
