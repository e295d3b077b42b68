/** cloud/billing: plans and their limits, Stripe Checkout subscriptions, payments for payables, refunds, invoices, balance. */
export { type BillingDb, schema as billingSchema } from "./db.ts";
export type { BillingDeps } from "./deps.ts";
export { billingHttp } from "./http.ts";
export { getInvoice, listInvoices } from "./invoices.ts";
export { checkPlanLimit, effectivePlan } from "./limits.ts";
export { flushOutbox } from "./outbox.ts";
export {
  demoPayables,
  type Payable,
  type PayableRegistry,
  type PayableResolver,
  payableRegistry,
} from "./payables.ts";
export { type PaymentCheckoutStarted, startPaymentCheckout } from "./payment-checkout.ts";
export { getBalance, listPayments, refundPayment, startPayment } from "./payments.ts";
export { FREE_PLAN, GRACE_PERIOD_MS, PLAN_IDS, PLANS, type Plan, type PlanId } from "./plans.ts";
export { createStripeClient, type StripeConfig } from "./stripe.ts";
export { changePlan, getSubscription, startCheckout } from "./subscriptions.ts";
export { receiveStripeWebhook, WEBHOOK_TOLERANCE_SECONDS } from "./webhooks.ts";
