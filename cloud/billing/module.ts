/** The billing module's manifest: plans and limits, Stripe Checkout, payments for payables, webhooks, invoices. */

import type { PlanLimitCheck } from "../../shared/billing/index.ts";
import type { Clock } from "../../shared/clock/index.ts";
import type { EventBus } from "../bus/index.ts";
import { defineCloudModule } from "../module/index.ts";
import { BILLING_ANALYTICS } from "./analytics.ts";
import type { BillingDb } from "./db.ts";
import type { BillingDeps } from "./deps.ts";
import { BILLING_NOTIFICATIONS } from "./describers.ts";
import { billingHttp } from "./http.ts";
import { checkPlanLimit } from "./limits.ts";
import { demoPayables, payableRegistry } from "./payables.ts";
import * as schema from "./schema.ts";
import { createStripeClient } from "./stripe.ts";

export interface BillingServices {
  /** Refuses (PAYMENT_REQUIRED) what the account's plan does not allow; other modules call it where things are created. */
  planLimits: PlanLimitCheck;
}

declare module "../module/index.ts" {
  interface CloudServices {
    billing: BillingServices;
  }
}

export interface BillingModuleDeps {
  db: BillingDb;
  clock: Clock;
  bus: EventBus;
  /** Absent without Stripe configuration; plan limits work either way. */
  payments?: BillingDeps;
}

export const billingModule = defineCloudModule({
  name: "billing",
  database: {
    binding: "BILLING_DB",
    name: "outpost-billing",
    migrations: "cloud/billing/migrations",
    schema,
  },
  deps(ctx): BillingModuleDeps {
    const db = ctx.db as BillingDb;
    const { config, clock, bus } = ctx;
    if (!config.stripe) return { db, clock, bus };
    // Resolvers come from every module's manifest, looked up when a payment starts.
    const payables = () => payableRegistry(ctx.payables());
    return {
      db,
      clock,
      bus,
      payments: {
        db,
        clock,
        bus,
        stripe: createStripeClient(config.stripe),
        webhookSecret: config.stripe.webhookSecret,
        payables: { resolve: (kind, id) => payables().resolve(kind, id), kinds: () => payables().kinds() },
        appUrl: config.appUrl,
      },
    };
  },
  services: (deps): BillingServices => ({
    planLimits: (accountId, limit, used) => checkPlanLimit(deps, accountId, limit, used),
  }),
  routes: (deps, { requireUser }) => (deps.payments ? [billingHttp({ ...deps.payments, requireUser })] : []),
  outbox: schema.outbox,
  // The demo resolver never runs in production.
  payables: (_deps, config) => (config.environment === "production" ? [] : [demoPayables]),
  notifications: BILLING_NOTIFICATIONS,
  analytics: BILLING_ANALYTICS,
});
