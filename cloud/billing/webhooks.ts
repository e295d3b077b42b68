/**
 * The Stripe webhook: verified on the raw body (SDK, Web Crypto, 300 s tolerance), then one handler per event
 * type. Each event is applied once: its id is recorded in the same D1 batch as its effect.
 */
import { eq } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type Stripe from "stripe";
import { AppError } from "../../shared/errors/index.ts";
import { type BillingDb, runBatch, schema } from "./db.ts";
import type { BillingDeps } from "./deps.ts";
import { flushOutbox } from "./outbox.ts";
import { webCrypto } from "./stripe.ts";
import { onInvoiceOutcome } from "./webhook-invoices.ts";
import { onPaymentIntent } from "./webhook-payments.ts";
import { onCheckoutCompleted, onSubscriptionChanged } from "./webhook-subscriptions.ts";

export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** The header's `t`, read as the SDK reads it (the last `t=` wins), so it is the timestamp it verified. */
function signedTimestamp(header: string): number {
  let t = Number.NaN;
  for (const item of header.split(",")) {
    const [key, value] = item.split("=");
    if (key === "t") t = Number.parseInt(value ?? "", 10);
  }
  return t;
}

type Handler = (db: BillingDb, event: never, now: number) => Promise<BatchItem<"sqlite">[]>;

const HANDLERS: Partial<Record<Stripe.Event.Type, Handler>> = {
  "checkout.session.completed": onCheckoutCompleted,
  "customer.subscription.created": onSubscriptionChanged,
  "customer.subscription.updated": onSubscriptionChanged,
  "customer.subscription.deleted": onSubscriptionChanged,
  "invoice.paid": onInvoiceOutcome,
  "invoice.payment_failed": onInvoiceOutcome,
  "payment_intent.succeeded": onPaymentIntent,
  "payment_intent.payment_failed": onPaymentIntent,
};

export type WebhookOutcome = { eventId: string; type: string; outcome: "applied" | "duplicate" | "ignored" };

/** Verifies and applies one delivery; a bad signature, body or timestamp is a VALIDATION_ERROR and changes nothing. */
export async function receiveStripeWebhook(
  deps: Pick<BillingDeps, "db" | "clock" | "stripe" | "webhookSecret" | "bus">,
  input: { payload: string; signature: string | null },
): Promise<WebhookOutcome> {
  if (!input.signature) throw new AppError("VALIDATION_ERROR", "missing Stripe-Signature header");
  let event: Stripe.Event;
  try {
    event = await deps.stripe.webhooks.constructEventAsync(
      input.payload,
      input.signature,
      deps.webhookSecret,
      WEBHOOK_TOLERANCE_SECONDS,
      webCrypto,
      deps.clock.now(),
    );
  } catch (err) {
    throw new AppError("VALIDATION_ERROR", "webhook signature verification failed", {
      reason: err instanceof Error ? err.message.split("\n")[0] : "invalid",
    });
  }
  // The SDK bounds only the age: a signature dated ahead (a captured delivery replayed later, or a
  // signing clock gone wrong) would stay valid until then. Its signed `t` may lead ours by the tolerance at most.
  const signedAt = signedTimestamp(input.signature);
  if (
    !Number.isFinite(signedAt) ||
    signedAt - Math.floor(deps.clock.now() / 1000) > WEBHOOK_TOLERANCE_SECONDS
  ) {
    throw new AppError("VALIDATION_ERROR", "webhook signature verification failed", {
      reason: "Timestamp is in the future, outside the tolerance zone",
    });
  }
  const seen = await deps.db
    .select()
    .from(schema.stripeEvents)
    .where(eq(schema.stripeEvents.id, event.id))
    .get();
  if (seen) return { eventId: event.id, type: event.type, outcome: "duplicate" };

  const now = deps.clock.now();
  const handler = HANDLERS[event.type];
  const effects = handler ? await handler(deps.db, event as never, now) : [];
  try {
    await runBatch(deps.db, [
      deps.db.insert(schema.stripeEvents).values({ id: event.id, type: event.type, appliedAt: now }),
      ...effects,
    ]);
  } catch (err) {
    // A concurrent delivery of the same event won the insert; its batch carried the effect.
    const again = await deps.db
      .select()
      .from(schema.stripeEvents)
      .where(eq(schema.stripeEvents.id, event.id))
      .get();
    if (again) return { eventId: event.id, type: event.type, outcome: "duplicate" };
    throw err;
  }
  // Events written above go out now; if the bus fails they wait for the next delivery's flush.
  await flushOutbox(deps).catch(() => {});
  return { eventId: event.id, type: event.type, outcome: handler ? "applied" : "ignored" };
}
