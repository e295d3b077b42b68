/** The Stripe webhook in workerd with real D1: verification, once-only application, reordering, grace period. */
import { env } from "cloudflare:workers";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  billingDb,
  deliver,
  eventsOf,
  stripe,
  subscribeThroughCheckout,
  subscription,
} from "../../edge/testing/billing-fixtures.ts";
import { api, authed, signUpUser } from "../../edge/testing/fixtures.ts";
import { ManualClock } from "../../shared/clock/index.ts";
import { billingSchema as schema } from "./index.ts";
import { getSubscription } from "./subscriptions.ts";

async function appliedCount(eventId: string) {
  const [row] = await billingDb()
    .select({ n: count() })
    .from(schema.stripeEvents)
    .where(eq(schema.stripeEvents.id, eventId));
  return row?.n ?? 0;
}

/** The emulator's own control (not Stripe API): bill the next period now, optionally declined. */
async function renew(subscriptionId: string, opts: { fail: boolean }) {
  const res = await fetch(`${env.STRIPE_API_BASE}/v1/_emulator/subscriptions/${subscriptionId}/renew`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${env.STRIPE_SECRET_KEY}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: `fail=${opts.fail}`,
  });
  if (!res.ok) throw new Error(`renew failed: ${res.status} ${await res.text()}`);
}

async function paymentsOf(token: string) {
  const res = await api("/v1/billing/payments", authed(token));
  return ((await res.json()) as { payments: { status: string; amount: number }[] }).payments;
}

describe("Stripe webhook", () => {
  it("runs the Checkout: Pay on the hosted page, events applied even when they arrive in reverse order", async () => {
    const owner = await signUpUser();
    expect((await subscription(owner)).status).toBe("NONE");
    await subscribeThroughCheckout(owner, "SNOW_BEAR", "reversed");
    const sub = await subscription(owner);
    expect(sub).toMatchObject({ plan: "SNOW_BEAR", effectivePlan: "SNOW_BEAR", status: "ACTIVE" });
    expect(sub.limits.sites).toBe(5);
    const payments = await paymentsOf(owner.token);
    expect(payments).toMatchObject([{ status: "SUCCESS", amount: 2900 }]);
    const invoices = (await (await api("/v1/billing/invoices", authed(owner.token))).json()) as {
      invoices: { id: string; status: string; amount: number; currency: string }[];
    };
    expect(invoices.invoices).toMatchObject([{ status: "PAID", amount: 2900, currency: "eur" }]);
    const page = await api(`/v1/billing/invoices/${invoices.invoices[0]?.id}/print`, authed(owner.token));
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain("€29.00");
    expect(html).toContain(owner.email);
  });

  it("refuses a tampered body, a wrong secret, a stale and a future timestamp, with no effect", async () => {
    const owner = await signUpUser();
    const { events } = await subscribeThroughCheckout(owner, "SNOW_BEAR");
    const subId = events.find((e) => e.type === "customer.subscription.created")?.data.object as {
      id: string;
    };
    // A genuine later event from the emulator: the subscription cancelled.
    await stripe.subscriptions.cancel(subId.id);
    const [deleted] = await eventsOf("customer.subscription.deleted", (o) => o.id === subId.id);
    if (!deleted) throw new Error("no deleted event");
    const now = Math.floor(Date.now() / 1000);
    const refusals = [
      await deliver(deleted, { tamper: (p) => p.replace('"canceled"', '"active"') }),
      await deliver(deleted, { secret: "whsec_not_the_right_one" }),
      await deliver(deleted, { timestamp: now - 301 }),
      // Signed with a date ahead of ours beyond the tolerance (the SDK checks only the past).
      await deliver(deleted, { timestamp: now + 301 }),
      await deliver(deleted, { timestamp: now + 3600 }),
    ];
    for (const res of refusals) {
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: "VALIDATION_ERROR" } });
    }
    // No signature and no declared type (fetch sends text/plain): the route verifies the raw bytes whatever
    // the type, so this is the signature's 400, not the JSON middleware's 415.
    const unsigned = await api("/v1/billing/webhooks/stripe", {
      method: "POST",
      body: JSON.stringify(deleted),
    });
    expect(unsigned.status).toBe(400);
    expect(await appliedCount(deleted.id)).toBe(0);
    expect((await subscription(owner)).status).toBe("ACTIVE");

    // The genuine delivery applies; a replay of it (same body, same signature) changes nothing more.
    const header = await stripe.webhooks.generateTestHeaderStringAsync({
      payload: JSON.stringify(deleted),
      secret: env.STRIPE_WEBHOOK_SECRET as string,
    });
    const send = () =>
      api("/v1/billing/webhooks/stripe", {
        method: "POST",
        headers: { "stripe-signature": header, "content-type": "application/json" },
        body: JSON.stringify(deleted),
      });
    expect(await (await send()).json()).toMatchObject({ outcome: "applied" });
    expect((await subscription(owner)).status).toBe("CANCELED");
    expect(await (await send()).json()).toMatchObject({ outcome: "duplicate" });
    expect(await appliedCount(deleted.id)).toBe(1);
    // The same delivery captured and replayed after the tolerance window is refused outright.
    const stale = await deliver(deleted, { timestamp: now - 400 });
    expect(stale.status).toBe(400);
  });

  it("applies the same event once, however often it is delivered", async () => {
    const owner = await signUpUser();
    const { events } = await subscribeThroughCheckout(owner, "SNOW_BEAR");
    const paid = events.find((e) => e.type === "invoice.paid");
    if (!paid) throw new Error("no invoice.paid");
    const again = await Promise.all([deliver(paid), deliver(paid), deliver(paid)]);
    for (const res of again) expect(res.status).toBe(200);
    expect(await paymentsOf(owner.token)).toHaveLength(1);
    expect(await appliedCount(paid.id)).toBe(1);
  });

  it("never lets an older subscription update overwrite a newer one, nor revive a cancelled one", async () => {
    const owner = await signUpUser();
    const { subscriptionId } = await subscribeThroughCheckout(owner, "SNOW_BEAR");
    // A failed renewal (past_due) and then a successful one (active), each with its own events.
    await renew(subscriptionId, { fail: true });
    const [pastDue] = await eventsOf(
      "customer.subscription.updated",
      (o) => o.id === subscriptionId && o.status === "past_due",
    );
    if (!pastDue) throw new Error("no past_due update");
    const newer = structuredClone(pastDue);
    newer.id = `${pastDue.id}_newer`;
    newer.created = pastDue.created + 10;
    (newer.data.object as { status: string }).status = "active";
    expect((await deliver(newer)).status).toBe(200);
    expect((await subscription(owner)).status).toBe("ACTIVE");
    expect((await deliver(pastDue)).status).toBe(200);
    expect((await subscription(owner)).status).toBe("ACTIVE");

    const deleted = structuredClone(newer);
    deleted.id = `${pastDue.id}_deleted`;
    deleted.type = "customer.subscription.deleted";
    deleted.created = pastDue.created + 20;
    (deleted.data.object as { status: string }).status = "canceled";
    await deliver(deleted);
    const late = structuredClone(newer);
    late.id = `${pastDue.id}_late`;
    late.created = pastDue.created + 20;
    await deliver(late);
    expect((await subscription(owner)).status).toBe("CANCELED");
    expect((await subscription(owner)).effectivePlan).toBe("POLAR_BEAR");
  });

  it("keeps the paid plan through the grace period after a failed payment, then falls back", async () => {
    const owner = await signUpUser();
    const { subscriptionId } = await subscribeThroughCheckout(owner, "SNOW_BEAR");
    await renew(subscriptionId, { fail: true });
    const failed = await eventsOf("invoice.payment_failed", (o) => {
      const parent = o.parent as { subscription_details?: { subscription?: string } };
      return parent.subscription_details?.subscription === subscriptionId;
    });
    expect(failed).toHaveLength(1);
    expect((await deliver(failed[0] as object)).status).toBe(200);
    const sub = await subscription(owner);
    expect(sub).toMatchObject({ status: "PAST_DUE", effectivePlan: "SNOW_BEAR" });
    expect(sub.graceUntil).not.toBeNull();
    const later = new ManualClock(Date.parse(sub.graceUntil as string) + 1);
    expect((await getSubscription({ db: billingDb(), clock: later }, owner.id)).effectivePlan).toBe(
      "POLAR_BEAR",
    );
    expect(await paymentsOf(owner.token)).toMatchObject([{ status: "FAILED" }, { status: "SUCCESS" }]);
  });
});
