/** Stripe emulator: the API subset Outpost uses — customers, Checkout, subscriptions, invoices, PaymentIntents, refunds. */
import type { FormValue } from "./form.ts";
import {
  amountParam,
  type EmulatorState,
  invalid,
  metadataParam,
  newId,
  nowSeconds,
  requiredString,
  StripeError,
  type StripeObject,
} from "./state.ts";
import { createSubscriptionResources, type Emit } from "./subscriptions.ts";

type Params = Record<string, FormValue>;

export function createResources(state: EmulatorState, emit: Emit, baseUrl: () => string) {
  function createCustomer(p: Params): StripeObject {
    return state.put({
      id: newId("cus"),
      object: "customer",
      created: nowSeconds(),
      email: typeof p.email === "string" ? p.email : null,
      name: typeof p.name === "string" ? p.name : null,
      metadata: metadataParam(p.metadata),
      livemode: false,
    });
  }

  /** A price from `price_data` (Outpost never pre-creates prices); products are made on the fly. */
  function priceFrom(data: FormValue | undefined, param: string): StripeObject {
    if (!data || typeof data !== "object" || Array.isArray(data)) {
      throw invalid("price_data is required", param, "parameter_missing");
    }
    const recurring = data.recurring as Params | undefined;
    const productData = data.product_data as Params | undefined;
    const product =
      typeof data.product === "string"
        ? data.product
        : state.put({
            id: newId("prod"),
            object: "product",
            name: String(productData?.name ?? "Item"),
            created: nowSeconds(),
          }).id;
    return state.put({
      id: newId("price"),
      object: "price",
      currency: requiredString(data.currency, `${param}[currency]`).toLowerCase(),
      unit_amount: amountParam(data.unit_amount, `${param}[unit_amount]`),
      product,
      type: recurring ? "recurring" : "one_time",
      recurring: recurring ? { interval: String(recurring.interval ?? "month"), interval_count: 1 } : null,
      created: nowSeconds(),
    });
  }

  const subscriptions = createSubscriptionResources({ state, emit, baseUrl, priceFrom, createCustomer });
  const { createInvoice, startSubscription } = subscriptions;

  function createCheckoutSession(p: Params): StripeObject {
    const mode = requiredString(p.mode, "mode");
    if (mode !== "subscription" && mode !== "payment") throw invalid(`Invalid mode: ${mode}`, "mode");
    const items = p.line_items;
    if (!Array.isArray(items) || items.length === 0) {
      throw invalid("line_items is required", "line_items", "parameter_missing");
    }
    const lines = items.map((item, i) => {
      const it = item as Params;
      const price = priceFrom(it.price_data, `line_items[${i}][price_data]`);
      if (mode === "subscription" && !price.recurring) {
        throw invalid("subscription mode needs a recurring price", `line_items[${i}][price_data][recurring]`);
      }
      return { price, quantity: Number(it.quantity ?? 1) };
    });
    const id = newId("cs_test");
    const subscriptionData = (p.subscription_data ?? {}) as Params;
    const paymentIntentData = (p.payment_intent_data ?? {}) as Params;
    return state.put({
      id,
      object: "checkout.session",
      mode,
      status: "open",
      payment_status: "unpaid",
      url: `${baseUrl()}/checkout/${id}`,
      success_url: requiredString(p.success_url, "success_url"),
      cancel_url: typeof p.cancel_url === "string" ? p.cancel_url : null,
      customer: typeof p.customer === "string" ? state.get("customer", p.customer).id : null,
      customer_email: typeof p.customer_email === "string" ? p.customer_email : null,
      client_reference_id: typeof p.client_reference_id === "string" ? p.client_reference_id : null,
      metadata: metadataParam(p.metadata),
      currency: (lines[0]?.price.currency as string) ?? "eur",
      amount_total: lines.reduce((sum, l) => sum + (l.price.unit_amount as number) * l.quantity, 0),
      subscription: null,
      payment_intent: null,
      invoice: null,
      created: nowSeconds(),
      expires_at: nowSeconds() + 24 * 3600,
      livemode: false,
      // Kept off the public shape in real Stripe (line_items is expandable); the emulator needs them to pay.
      _lines: lines,
      _subscription_metadata: metadataParam(subscriptionData.metadata),
      _payment_intent_metadata: metadataParam(paymentIntentData.metadata),
    });
  }

  function payCheckoutSession(id: string): StripeObject {
    const session = state.get("checkout.session", id);
    if (session.status !== "open")
      throw invalid(`This Checkout Session is ${session.status}.`, "id", "checkout_session_not_open");
    let sub: StripeObject | undefined;
    if (session.mode === "subscription") {
      sub = startSubscription(session);
      session.subscription = sub.id;
    } else {
      const pi = createPaymentIntent({
        amount: String(session.amount_total),
        currency: String(session.currency),
        metadata: session._payment_intent_metadata as Params,
      });
      succeed(pi);
      session.payment_intent = pi.id;
    }
    session.status = "complete";
    session.payment_status = "paid";
    // Stripe sends these in no guaranteed order; the consumer must cope either way.
    emit("checkout.session.completed", publicSession(session));
    if (sub) {
      emit("customer.subscription.created", sub);
      const invoice = createInvoice(sub, (session.amount_total as number) ?? 0, true, "subscription_create");
      session.invoice = invoice.id;
    }
    return session;
  }

  function publicSession(session: StripeObject): StripeObject {
    const { _lines, _subscription_metadata, _payment_intent_metadata, ...rest } = session;
    return rest as StripeObject;
  }

  function createPaymentIntent(p: Params): StripeObject {
    const id = newId("pi");
    return state.put({
      id,
      object: "payment_intent",
      amount: amountParam(p.amount, "amount"),
      amount_received: 0,
      currency: requiredString(p.currency, "currency").toLowerCase(),
      status: "requires_payment_method",
      client_secret: `${id}_secret_${newId("x").slice(2)}`,
      customer: typeof p.customer === "string" ? state.get("customer", p.customer).id : null,
      description: typeof p.description === "string" ? p.description : null,
      metadata: metadataParam(p.metadata),
      payment_method: null,
      payment_method_types: ["card"],
      last_payment_error: null,
      latest_charge: null,
      created: nowSeconds(),
      livemode: false,
    });
  }

  function succeed(pi: StripeObject): void {
    pi.status = "succeeded";
    pi.amount_received = pi.amount;
    pi.latest_charge = newId("ch");
    pi.last_payment_error = null;
    emit("payment_intent.succeeded", pi);
  }

  /** `pm_card_visa` (the default) succeeds; `pm_card_chargeDeclined` declines, as Stripe's test cards do. */
  function confirmPaymentIntent(id: string, p: Params): StripeObject {
    const pi = state.get("payment_intent", id);
    if (pi.status === "succeeded" || pi.status === "canceled") {
      throw invalid(
        `This PaymentIntent's status is ${pi.status}.`,
        undefined,
        "payment_intent_unexpected_state",
      );
    }
    const method = typeof p.payment_method === "string" ? p.payment_method : "pm_card_visa";
    pi.payment_method = method;
    if (method === "pm_card_chargeDeclined") {
      pi.status = "requires_payment_method";
      pi.last_payment_error = {
        type: "card_error",
        code: "card_declined",
        message: "Your card was declined.",
      };
      emit("payment_intent.payment_failed", pi);
      throw new StripeError(402, "card_error", "Your card was declined.", "card_declined");
    }
    succeed(pi);
    return pi;
  }

  function createRefund(p: Params): StripeObject {
    const pi = state.get("payment_intent", requiredString(p.payment_intent, "payment_intent"));
    if (pi.status !== "succeeded") throw invalid("This PaymentIntent has not succeeded.", "payment_intent");
    const refunded = state
      .list("refund")
      .filter((r) => r.payment_intent === pi.id)
      .reduce((sum, r) => sum + (r.amount as number), 0);
    const remaining = (pi.amount_received as number) - refunded;
    if (remaining <= 0)
      throw invalid("Charge has already been refunded.", undefined, "charge_already_refunded");
    const amount = p.amount === undefined ? remaining : amountParam(p.amount, "amount");
    if (amount > remaining) {
      throw invalid(
        `Refund amount (${amount}) is greater than unrefunded amount (${remaining}).`,
        "amount",
        "amount_too_large",
      );
    }
    const reason = p.reason === undefined ? null : String(p.reason);
    if (reason && !["duplicate", "fraudulent", "requested_by_customer"].includes(reason)) {
      throw invalid(`Invalid reason: ${reason}`, "reason");
    }
    const refund = state.put({
      id: newId("re"),
      object: "refund",
      amount,
      currency: pi.currency,
      payment_intent: pi.id,
      charge: pi.latest_charge,
      reason,
      status: "succeeded",
      metadata: metadataParam(p.metadata),
      created: nowSeconds(),
    });
    emit("refund.created", refund);
    return refund;
  }

  return {
    createCustomer,
    createCheckoutSession,
    payCheckoutSession,
    publicSession,
    createPaymentIntent,
    confirmPaymentIntent,
    createRefund,
    updateSubscription: subscriptions.updateSubscription,
    cancelSubscription: subscriptions.cancelSubscription,
    renewSubscription: subscriptions.renewSubscription,
  };
}

export type Resources = ReturnType<typeof createResources>;
