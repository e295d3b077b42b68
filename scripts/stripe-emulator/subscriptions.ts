/** Stripe emulator: subscriptions and their invoices (start from Checkout, update, cancel, renew). */
import type { FormValue } from "./form.ts";
import { type EmulatorState, invalid, metadataParam, newId, nowSeconds, type StripeObject } from "./state.ts";

type Params = Record<string, FormValue>;
export type Emit = (type: string, object: StripeObject, previous?: Record<string, unknown>) => void;

const MONTH_SECONDS = 30 * 24 * 3600;
const clone = <T>(o: T): T => structuredClone(o);

export function createSubscriptionResources(ctx: {
  state: EmulatorState;
  emit: Emit;
  baseUrl: () => string;
  priceFrom: (data: FormValue | undefined, param: string) => StripeObject;
  createCustomer: (p: Params) => StripeObject;
}) {
  const { state, emit, baseUrl, priceFrom, createCustomer } = ctx;

  function createInvoice(sub: StripeObject, amount: number, paid: boolean, reason: string): StripeObject {
    const item = (sub.items as { data: StripeObject[] }).data[0] as StripeObject;
    const price = item.price as StripeObject;
    const invoice = state.put({
      id: newId("in"),
      object: "invoice",
      customer: sub.customer,
      subscription: sub.id,
      parent: {
        type: "subscription_details",
        subscription_details: { subscription: sub.id, metadata: sub.metadata },
      },
      billing_reason: reason,
      status: paid ? "paid" : "open",
      amount_due: amount,
      amount_paid: paid ? amount : 0,
      amount_remaining: paid ? 0 : amount,
      currency: price.currency,
      period_start: sub.current_period_start,
      period_end: sub.current_period_end,
      created: nowSeconds(),
      hosted_invoice_url: `${baseUrl()}/invoices/${sub.id}`,
      metadata: {},
      livemode: false,
    });
    sub.latest_invoice = invoice.id;
    emit(paid ? "invoice.paid" : "invoice.payment_failed", invoice);
    return invoice;
  }

  function startSubscription(session: StripeObject): StripeObject {
    const customer =
      (session.customer as string | null) ??
      createCustomer({ email: String(session.customer_email ?? "") }).id;
    session.customer = customer;
    const line = (session._lines as { price: StripeObject; quantity: number }[])[0] as {
      price: StripeObject;
      quantity: number;
    };
    const start = nowSeconds();
    const sub = state.put({
      id: newId("sub"),
      object: "subscription",
      customer,
      status: "active",
      created: start,
      start_date: start,
      current_period_start: start,
      current_period_end: start + MONTH_SECONDS,
      cancel_at_period_end: false,
      canceled_at: null,
      ended_at: null,
      metadata: session._subscription_metadata,
      items: {
        object: "list",
        data: [
          {
            id: newId("si"),
            object: "subscription_item",
            price: line.price,
            quantity: line.quantity,
            current_period_start: start,
            current_period_end: start + MONTH_SECONDS,
          },
        ],
      },
      latest_invoice: null,
      livemode: false,
    });
    return sub;
  }

  function updateSubscription(id: string, p: Params): StripeObject {
    const sub = state.get("subscription", id);
    if (sub.status === "canceled")
      throw invalid("A canceled subscription can only update its metadata.", undefined, "resource_missing");
    const previous: Record<string, unknown> = {};
    const item = (sub.items as { data: StripeObject[] }).data[0] as StripeObject;
    const items = p.items;
    let upgradeDifference = 0;
    if (Array.isArray(items) && items[0]) {
      const it = items[0] as Params;
      if (it.id !== undefined && it.id !== item.id)
        throw invalid(`No such subscription item: '${String(it.id)}'`, "items[0][id]", "resource_missing");
      const old = item.price as StripeObject;
      const price = priceFrom(it.price_data, "items[0][price_data]");
      previous.items = clone(sub.items);
      item.price = price;
      upgradeDifference = (price.unit_amount as number) - (old.unit_amount as number);
    }
    if (p.metadata !== undefined) {
      previous.metadata = clone(sub.metadata);
      sub.metadata = { ...(sub.metadata as object), ...metadataParam(p.metadata) };
    }
    if (p.cancel_at_period_end !== undefined) {
      previous.cancel_at_period_end = sub.cancel_at_period_end;
      sub.cancel_at_period_end = p.cancel_at_period_end === "true";
    }
    emit("customer.subscription.updated", sub, previous);
    // An upgrade with proration_behavior=always_invoice is billed at once (the emulator bills the full difference).
    if (p.proration_behavior === "always_invoice" && upgradeDifference > 0) {
      createInvoice(sub, upgradeDifference, true, "subscription_update");
    }
    return sub;
  }

  function cancelSubscription(id: string): StripeObject {
    const sub = state.get("subscription", id);
    if (sub.status === "canceled") return sub;
    sub.status = "canceled";
    sub.canceled_at = nowSeconds();
    sub.ended_at = nowSeconds();
    emit("customer.subscription.deleted", sub);
    return sub;
  }

  /** Emulator-only: bill the next period now; `fail` makes the card decline (past_due). */
  function renewSubscription(id: string, fail: boolean): StripeObject {
    const sub = state.get("subscription", id);
    if (sub.status === "canceled") throw invalid("subscription is canceled");
    const item = (sub.items as { data: StripeObject[] }).data[0] as StripeObject;
    const previous = {
      status: sub.status,
      current_period_start: sub.current_period_start,
      current_period_end: sub.current_period_end,
    };
    if (!fail) {
      const start = sub.current_period_end as number;
      sub.current_period_start = start;
      sub.current_period_end = start + MONTH_SECONDS;
      item.current_period_start = start;
      item.current_period_end = start + MONTH_SECONDS;
    }
    sub.status = fail ? "past_due" : "active";
    createInvoice(sub, (item.price as StripeObject).unit_amount as number, !fail, "subscription_cycle");
    emit("customer.subscription.updated", sub, previous);
    return sub;
  }

  return { createInvoice, startSubscription, updateSubscription, cancelSubscription, renewSubscription };
}
