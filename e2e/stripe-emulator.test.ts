/** The Stripe emulator through the real stripe SDK: shapes, errors, idempotency, hosted Checkout and signed webhooks. */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StripeEmulator, startStripeEmulator } from "../scripts/stripe-emulator/index.ts";

const SECRET = "whsec_test_emulator";
let emulator: StripeEmulator;
let receiver: Server;
let stripe: Stripe;
const received: { body: string; signature: string; event: Stripe.Event }[] = [];
let failNext = 0;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", () => resolve(body));
  });
}

async function waitFor<T>(what: () => T | undefined, label: string, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = what();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  receiver = createServer(async (req, res) => {
    const body = await readBody(req);
    if (failNext > 0) {
      failNext--;
      res.writeHead(500).end();
      return;
    }
    const signature = String(req.headers["stripe-signature"]);
    // Verified with the SDK's own verification, as the Worker does it.
    const event = await stripe.webhooks.constructEventAsync(body, signature, SECRET, 300);
    received.push({ body, signature, event });
    res.writeHead(200).end("{}");
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const port = (receiver.address() as AddressInfo).port;
  emulator = await startStripeEmulator({
    webhookSecret: SECRET,
    webhookUrl: `http://127.0.0.1:${port}/hook`,
    retryBackoffMs: 20,
    log: () => {},
  });
  stripe = new Stripe("sk_test_emulator", {
    host: emulator.host,
    port: emulator.port,
    protocol: "http",
    httpClient: Stripe.createFetchHttpClient(),
    maxNetworkRetries: 0,
  });
});

afterAll(async () => {
  await emulator?.webhooksIdle();
  await emulator?.close();
  await new Promise((r) => receiver?.close(r));
});

describe("Stripe emulator", () => {
  it("answers in Stripe's shapes and error types through the SDK", async () => {
    const customer = await stripe.customers.create({
      email: "a@example.test",
      metadata: { accountId: "u1" },
    });
    expect(customer).toMatchObject({
      object: "customer",
      email: "a@example.test",
      metadata: { accountId: "u1" },
    });
    expect(customer.id).toMatch(/^cus_/);
    const missing = await stripe.customers.retrieve("cus_nope").catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(missing).toMatchObject({ code: "resource_missing", statusCode: 404 });
    const bad = await stripe.paymentIntents.create({ amount: -5, currency: "eur" }).catch((e: unknown) => e);
    expect(bad).toMatchObject({ type: "StripeInvalidRequestError", param: "amount" });
    const wrongKey = new Stripe("pk_live_nope", {
      host: emulator.host,
      port: emulator.port,
      protocol: "http",
      httpClient: Stripe.createFetchHttpClient(),
    });
    await expect(wrongKey.customers.create({})).rejects.toMatchObject({ statusCode: 401 });
  });

  it("replays an idempotent request and refuses a reused key with other parameters", async () => {
    const a = await stripe.paymentIntents.create({ amount: 450, currency: "eur" }, { idempotencyKey: "k-1" });
    const b = await stripe.paymentIntents.create({ amount: 450, currency: "eur" }, { idempotencyKey: "k-1" });
    expect(b.id).toBe(a.id);
    await expect(
      stripe.paymentIntents.create({ amount: 999, currency: "eur" }, { idempotencyKey: "k-1" }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });

  it("confirms, declines and refunds PaymentIntents, with signed webhooks for each", async () => {
    const pi = await stripe.paymentIntents.create({
      amount: 1200,
      currency: "eur",
      metadata: { paymentId: "p1" },
    });
    expect(pi.client_secret).toMatch(new RegExp(`^${pi.id}_secret_`));
    const done = await stripe.paymentIntents.confirm(pi.id, { payment_method: "pm_card_visa" });
    expect(done.status).toBe("succeeded");
    const declined = await stripe.paymentIntents.create({ amount: 300, currency: "eur" });
    await expect(
      stripe.paymentIntents.confirm(declined.id, { payment_method: "pm_card_chargeDeclined" }),
    ).rejects.toMatchObject({ type: "StripeCardError", code: "card_declined" });
    const part = await stripe.refunds.create({
      payment_intent: pi.id,
      amount: 200,
      reason: "requested_by_customer",
    });
    expect(part).toMatchObject({ object: "refund", amount: 200, status: "succeeded" });
    await expect(stripe.refunds.create({ payment_intent: pi.id, amount: 1001 })).rejects.toMatchObject({
      code: "amount_too_large",
    });
    const succeeded = await waitFor(
      () =>
        received.find(
          (r) =>
            r.event.type === "payment_intent.succeeded" &&
            (r.event.data.object as Stripe.PaymentIntent).id === pi.id,
        ),
      "payment_intent.succeeded",
    );
    expect((succeeded.event.data.object as Stripe.PaymentIntent).metadata.paymentId).toBe("p1");
    await waitFor(
      () => received.find((r) => r.event.type === "payment_intent.payment_failed"),
      "payment_failed",
    );
    // A tampered body fails the same SDK verification.
    await expect(
      stripe.webhooks.constructEventAsync(succeeded.body.replace("1200", "1"), succeeded.signature, SECRET),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeSignatureVerificationError);
  });

  it("runs a subscription Checkout on its hosted page and retries a failed webhook delivery", async () => {
    failNext = 2;
    const session = await stripe.checkout.sessions.create({
      mode: "subscription",
      success_url: "https://app.test/ok?session={CHECKOUT_SESSION_ID}",
      cancel_url: "https://app.test/cancel",
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: "eur",
            unit_amount: 2900,
            recurring: { interval: "month" },
            product_data: { name: "Snow Bear" },
          },
        },
      ],
      subscription_data: { metadata: { accountId: "u2", plan: "SNOW_BEAR" } },
      metadata: { accountId: "u2" },
    });
    expect(session.url).toBe(`${emulator.url}/checkout/${session.id}`);
    const page = await (await fetch(session.url as string)).text();
    expect(page).toContain("Stripe emulator");
    expect(page).toContain("EUR 29.00");
    const cancel = await fetch(`${emulator.url}/checkout/${session.id}/cancel`, {
      method: "POST",
      redirect: "manual",
    });
    expect(cancel.headers.get("location")).toBe("https://app.test/cancel");
    const pay = await fetch(`${emulator.url}/checkout/${session.id}/pay`, {
      method: "POST",
      redirect: "manual",
    });
    expect(pay.status).toBe(303);
    expect(pay.headers.get("location")).toBe(`https://app.test/ok?session=${session.id}`);

    const completed = await waitFor(
      () =>
        received.find(
          (r) =>
            r.event.type === "checkout.session.completed" &&
            (r.event.data.object as Stripe.Checkout.Session).id === session.id,
        ),
      "checkout.session.completed",
    );
    const subId = (completed.event.data.object as Stripe.Checkout.Session).subscription as string;
    const sub = await stripe.subscriptions.retrieve(subId);
    expect(sub).toMatchObject({ status: "active", metadata: { accountId: "u2", plan: "SNOW_BEAR" } });
    await waitFor(() => received.find((r) => r.event.type === "invoice.paid"), "invoice.paid");
    const delivery = emulator.deliveries.find((d) => d.attempts > 1 && d.delivered);
    expect(delivery).toBeDefined();

    const cancelled = await stripe.subscriptions.cancel(subId);
    expect(cancelled.status).toBe("canceled");
    await waitFor(() => received.find((r) => r.event.type === "customer.subscription.deleted"), "deleted");
  });
});
