/** Payments in workerd with real D1 and the Stripe emulator: server-side amounts, outcomes, events, refunds, balance. */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { buildDeps } from "../../edge/deps.ts";
import { billingDb, deliver, eventsOf, stripe } from "../../edge/testing/billing-fixtures.ts";
import { api, authed, createSite, jsonInit, signUpUser, type TestUser } from "../../edge/testing/fixtures.ts";
import { billingSchema as schema } from "./index.ts";
import { billingModule } from "./module.ts";
import { refundPayment } from "./payments.ts";

interface Started {
  paymentId: string;
  invoiceId: string;
  paymentIntentId: string;
  clientSecret: string;
  amount: number;
  currency: string;
}

async function startEspresso(
  user: TestUser,
  extra: Record<string, unknown> = {},
): Promise<Started & { payableId: string }> {
  const siteId = await createSite(user);
  const payableId = `espresso.${user.id}.${siteId}`;
  const res = await api(
    "/v1/billing/payments",
    jsonInit("POST", { payable: { kind: "DEMO", id: payableId }, ...extra }, user.token),
  );
  expect(res.status).toBe(201);
  return { ...((await res.json()) as Started), payableId };
}

/** The customer pays on the client (Stripe.js would confirm); Stripe then tells the Worker. */
async function payAndNotify(started: Started, paymentMethod = "pm_card_visa") {
  await stripe.paymentIntents
    .confirm(started.paymentIntentId, { payment_method: paymentMethod })
    .catch(() => {});
  const type =
    paymentMethod === "pm_card_visa" ? "payment_intent.succeeded" : "payment_intent.payment_failed";
  const [event] = await eventsOf(type, (o) => o.id === started.paymentIntentId);
  if (!event) throw new Error(`no ${type}`);
  expect((await deliver(event)).status).toBe(200);
  return event;
}

async function outboxTypes(paymentId: string) {
  const rows = await billingDb().select().from(schema.outbox);
  return rows
    .map((r) => JSON.parse(r.event) as { type: string; data: { paymentId: string } })
    .filter((e) => e.data.paymentId === paymentId)
    .map((e) => e.type);
}

async function balance(user: TestUser) {
  const res = await api("/v1/billing/balance", authed(user.token));
  return (
    (await res.json()) as {
      balances: { currency: string; paid: number; refunded: number; net: number; outstanding: number }[];
    }
  ).balances;
}

describe("payments", () => {
  it("ignores an amount sent by the client: the payable's owner prices it", async () => {
    const user = await signUpUser();
    const started = await startEspresso(user, { amount: 1, currency: "usd" });
    expect(started).toMatchObject({ amount: 250, currency: "eur" });
    const intent = await stripe.paymentIntents.retrieve(started.paymentIntentId);
    expect(intent).toMatchObject({
      amount: 250,
      currency: "eur",
      metadata: { paymentId: started.paymentId },
    });
    expect(started.clientSecret).toBe(intent.client_secret);
    expect(await balance(user)).toEqual([
      { currency: "eur", paid: 0, refunded: 0, net: 0, outstanding: 250 },
    ]);
  });

  it("refuses a payable that is someone else's, and one that does not exist", async () => {
    const [payer, other] = [await signUpUser(), await signUpUser()];
    const siteId = await createSite(payer);
    for (const id of [`espresso.${payer.id}.${siteId}`, `caviar.${other.id}.${siteId}`]) {
      const res = await api(
        "/v1/billing/payments",
        jsonInit("POST", { payable: { kind: "DEMO", id } }, other.token),
      );
      expect(res.status).toBe(404);
    }
  });

  it("marks the payment and its invoice paid on payment_intent.succeeded and emits payment.succeeded once", async () => {
    const user = await signUpUser();
    const started = await startEspresso(user);
    const event = await payAndNotify(started);
    await deliver(event);
    const [payment] = await billingDb()
      .select()
      .from(schema.payments)
      .where(eq(schema.payments.id, started.paymentId));
    expect(payment).toMatchObject({ status: "SUCCESS", method: "CARD", amount: 250 });
    const invoice = await api(`/v1/billing/invoices/${started.invoiceId}`, authed(user.token));
    expect(await invoice.json()).toMatchObject({
      status: "PAID",
      amount: 250,
      payments: [{ status: "SUCCESS" }],
    });
    expect(await outboxTypes(started.paymentId)).toEqual(["payment.succeeded"]);
    const again = await api(
      "/v1/billing/payments",
      jsonInit("POST", { payable: { kind: "DEMO", id: started.payableId } }, user.token),
    );
    expect(again.status).toBe(409);
  });

  it("numbers invoices OP-nnnnnn, one after another, and shows the number on the list and the printable page", async () => {
    const user = await signUpUser();
    const first = await startEspresso(user);
    const second = await startEspresso(user);
    const list = (await (await api("/v1/billing/invoices", authed(user.token))).json()) as {
      invoices: { id: string; number: string }[];
    };
    const numberOf = (id: string) => list.invoices.find((i) => i.id === id)!.number;
    expect(numberOf(first.invoiceId)).toMatch(/^OP-\d{6}$/);
    const seq = (n: string) => Number(n.slice(3));
    expect(seq(numberOf(second.invoiceId))).toBe(seq(numberOf(first.invoiceId)) + 1);
    const page = await api(`/v1/billing/invoices/${second.invoiceId}/print`, authed(user.token));
    const html = await page.text();
    expect(html).toContain(`Invoice no. <strong>${numberOf(second.invoiceId)}</strong>`);
    expect(html).not.toContain(second.invoiceId);
  });

  it("records a declined card as FAILED with payment.failed", async () => {
    const user = await signUpUser();
    const started = await startEspresso(user);
    await payAndNotify(started, "pm_card_chargeDeclined");
    const [payment] = await billingDb()
      .select()
      .from(schema.payments)
      .where(eq(schema.payments.id, started.paymentId));
    expect(payment).toMatchObject({ status: "FAILED", failureReason: "Your card was declined." });
    expect(await outboxTypes(started.paymentId)).toEqual(["payment.failed"]);
  });

  it("refunds part of a payment with a reason and the balance follows; over-refunding is refused", async () => {
    const user = await signUpUser();
    const started = await startEspresso(user);
    await payAndNotify(started);
    expect(await balance(user)).toEqual([
      { currency: "eur", paid: 250, refunded: 0, net: 250, outstanding: 0 },
    ]);

    // Refunds are a platform admin's: an ordinary account is refused and nothing changes.
    const forbidden = await api(
      `/v1/billing/payments/${started.paymentId}/refunds`,
      jsonInit("POST", { amount: 100, reason: "spilled" }, user.token),
    );
    expect(forbidden.status).toBe(403);

    const deps = buildDeps(env).modules.depsOf(billingModule).payments;
    if (!deps) throw new Error("billing not configured");
    const refund = await refundPayment(deps, {
      paymentId: started.paymentId,
      amount: 100,
      reason: "half a cup spilled",
      by: "admin-1",
    });
    expect(refund).toMatchObject({ amount: 100, refundedTotal: 100, currency: "eur" });
    expect(await balance(user)).toEqual([
      { currency: "eur", paid: 250, refunded: 100, net: 150, outstanding: 0 },
    ]);
    await expect(
      refundPayment(deps, { paymentId: started.paymentId, amount: 151, reason: "too much", by: "admin-1" }),
    ).rejects.toMatchObject({
      code: "VALIDATION_ERROR",
    });
    const rest = await refundPayment(deps, {
      paymentId: started.paymentId,
      reason: "machine broken",
      by: "admin-1",
    });
    expect(rest).toMatchObject({ amount: 150, refundedTotal: 250 });
    expect(await balance(user)).toEqual([
      { currency: "eur", paid: 250, refunded: 250, net: 0, outstanding: 0 },
    ]);
    expect((await outboxTypes(started.paymentId)).sort()).toEqual([
      "payment.refunded",
      "payment.refunded",
      "payment.succeeded",
    ]);
  });
});
