/** Billing helpers for workerd tests: the Stripe emulator via the real SDK, signed webhook deliveries, subscriptions. */
import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import type Stripe from "stripe";
import { billingSchema, createStripeClient } from "../../cloud/billing/index.ts";
import { api, authed, jsonInit, type TestUser } from "./fixtures.ts";

/** The same SDK client the Worker builds, pointed at the emulator the global setup started. */
export const stripe = createStripeClient({
  secretKey: env.STRIPE_SECRET_KEY as string,
  webhookSecret: env.STRIPE_WEBHOOK_SECRET as string,
  apiBase: env.STRIPE_API_BASE as string,
});

export const billingDb = () => drizzle(env.BILLING_DB, { schema: billingSchema });

export interface Delivery {
  payload?: string;
  secret?: string;
  /** Seconds; defaults to now. */
  timestamp?: number;
  /** Sends a different body under the signature computed for the original one. */
  tamper?: (payload: string) => string;
}

/** Delivers `event` to the Worker's webhook, signed with the SDK's test header helper (Web Crypto flavour). */
export async function deliver(event: object, opts: Delivery = {}): Promise<Response> {
  const payload = opts.payload ?? JSON.stringify(event);
  const header = await stripe.webhooks.generateTestHeaderStringAsync({
    payload,
    secret: opts.secret ?? (env.STRIPE_WEBHOOK_SECRET as string),
    timestamp: opts.timestamp ?? Math.floor(Date.now() / 1000),
  });
  return api("/v1/billing/webhooks/stripe", {
    method: "POST",
    headers: { "content-type": "application/json", "stripe-signature": header },
    body: opts.tamper ? opts.tamper(payload) : payload,
  });
}

/** The emulator's events of `type` that `match` picks (the emulator is shared by the whole run). */
export async function eventsOf(type: string, match: (object: Record<string, unknown>) => boolean) {
  const list = await stripe.events.list({ type, limit: 100 });
  return list.data.filter((e) => match(e.data.object as unknown as Record<string, unknown>)).reverse();
}

export async function subscription(user: TestUser) {
  const res = await api("/v1/billing/subscription", authed(user.token));
  return (await res.json()) as {
    plan: string;
    effectivePlan: string;
    status: string;
    scheduledPlan: string | null;
    scheduledAt: string | null;
    graceUntil: string | null;
    limits: Record<string, number>;
  };
}

/**
 * The whole Checkout as an owner does it: the app answers a Checkout URL, the owner presses Pay on the
 * emulator's hosted page, and Stripe's events reach the webhook (here posted by the test, in `order`).
 */
export async function subscribeThroughCheckout(
  user: TestUser,
  plan: string,
  order: "as-sent" | "reversed" = "as-sent",
): Promise<{ subscriptionId: string; events: Stripe.Event[] }> {
  const res = await api("/v1/billing/checkout", jsonInit("POST", { plan }, user.token));
  if (res.status !== 201) throw new Error(`checkout failed: ${res.status} ${await res.text()}`);
  const { url, sessionId } = (await res.json()) as { url: string; sessionId: string };
  const pay = await fetch(`${url}/pay`, { method: "POST", redirect: "manual" });
  if (pay.status !== 303) throw new Error(`pay failed: ${pay.status}`);
  const session = await stripe.checkout.sessions.retrieve(sessionId);
  const subscriptionId = session.subscription as string;
  const mine = (o: Record<string, unknown>) =>
    o.id === sessionId ||
    o.id === subscriptionId ||
    (o.parent as { subscription_details?: { subscription?: string } } | null)?.subscription_details
      ?.subscription === subscriptionId;
  const events = [
    ...(await eventsOf("checkout.session.completed", mine)),
    ...(await eventsOf("customer.subscription.created", mine)),
    ...(await eventsOf("invoice.paid", mine)),
  ];
  if (events.length !== 3) throw new Error(`expected 3 events, got ${events.length}`);
  for (const event of order === "reversed" ? [...events].reverse() : events) {
    const delivered = await deliver(event);
    if (delivered.status !== 200)
      throw new Error(`delivery failed: ${delivered.status} ${await delivered.text()}`);
  }
  return { subscriptionId, events };
}
