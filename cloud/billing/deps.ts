/** What the billing verbs need, built once per isolate by the edge. */
import type { Clock } from "../../shared/clock/index.ts";
import type { EventBus } from "../bus/index.ts";
import type { BillingDb } from "./db.ts";
import type { PayableRegistry } from "./payables.ts";
import type { Stripe } from "./stripe.ts";

export interface BillingDeps {
  db: BillingDb;
  clock: Clock;
  stripe: Stripe;
  webhookSecret: string;
  bus: EventBus;
  payables: PayableRegistry;
  /** Where Checkout sends the owner back (`/billing?checkout=success|cancel`). */
  appUrl: string;
}
