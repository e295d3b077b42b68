/** Paying a payable on Stripe's hosted Checkout page (mode payment): the amount from its owner module, back to the app. */
import { z } from "zod";
import { AppError } from "../../shared/errors/index.ts";
import type { BillingDeps } from "./deps.ts";
import { recordPaymentAttempt } from "./payments.ts";

/**
 * Where the payer comes back: a path of this app only (with an optional simple query), so Checkout can never
 * be made to send someone elsewhere. `checkout=success|cancel` is added to it.
 */
export const returnToSchema = z
  .string()
  .max(300)
  .regex(/^\/(?!\/)[A-Za-z0-9/_.~-]*(\?[A-Za-z0-9_.~=&%-]*)?$/, "a path of this app, like /sites/x/shop");

export interface PaymentCheckoutStarted {
  url: string;
  sessionId: string;
  paymentId: string;
  invoiceId: string;
  amount: number;
  currency: string;
}

/**
 * Starts a hosted Checkout for `payable` as `payerId`. The payment row carries the attempt; the PaymentIntent
 * Checkout makes has it in its metadata, so `payment_intent.succeeded` finds the payment and emits
 * `payment.succeeded` as for a PaymentIntent started here (the amount checked against the server's figure).
 */
export async function startPaymentCheckout(
  deps: BillingDeps,
  input: { payerId: string; kind: string; id: string; returnTo: string },
): Promise<PaymentCheckoutStarted> {
  const { payable, paymentId, invoiceId } = await recordPaymentAttempt(deps, input);
  const metadata = {
    paymentId,
    invoiceId,
    accountId: payable.payerId,
    payableKind: payable.kind,
    payableId: payable.id,
  };
  const back = (outcome: string) =>
    `${deps.appUrl}${input.returnTo}${input.returnTo.includes("?") ? "&" : "?"}checkout=${outcome}`;
  const session = await deps.stripe.checkout.sessions.create(
    {
      mode: "payment",
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: payable.currency,
            unit_amount: payable.amount,
            product_data: { name: payable.description },
          },
        },
      ],
      metadata,
      payment_intent_data: { description: payable.description, metadata },
      success_url: back("success"),
      cancel_url: back("cancel"),
    },
    { idempotencyKey: `payment-checkout-${paymentId}` },
  );
  if (!session.url) throw new AppError("SERVICE_UNAVAILABLE", "Stripe returned no Checkout URL");
  return {
    url: session.url,
    sessionId: session.id,
    paymentId,
    invoiceId,
    amount: payable.amount,
    currency: payable.currency,
  };
}
