/**
 * The Stripe emulator (development and tests only — not Stripe): a small stateful HTTP server answering the
 * subset of Stripe's API Outpost uses, in Stripe's JSON shapes, with idempotency keys and signed webhooks.
 */
import { createHash } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { type Context, Hono } from "hono";
import { decodeForm } from "./form.ts";
import { checkoutPage } from "./hosted-page.ts";
import { createResources } from "./resources.ts";
import { EmulatorState, newId, nowSeconds, StripeError, type StripeObject } from "./state.ts";
import { createDeliverer, type Delivery } from "./webhooks.ts";

export { signatureHeader } from "./webhooks.ts";

export const EMULATOR_API_VERSION = "2026-10-28.endive";

export interface StripeEmulatorOptions {
  port?: number;
  host?: string;
  /** Where webhooks go; may also be set later with `setWebhookUrl` (the Worker may start after the emulator). */
  webhookUrl?: string;
  webhookSecret: string;
  /** When set, only this secret key is accepted; otherwise any `sk_test_…` key is. */
  apiKey?: string;
  retryBackoffMs?: number;
  maxDeliveryAttempts?: number;
  log?: (line: string) => void;
}

export interface StripeEmulator {
  url: string;
  host: string;
  port: number;
  setWebhookUrl(url: string | undefined): void;
  deliveries: readonly Delivery[];
  /** Waits until every webhook in flight was delivered or given up on. */
  webhooksIdle(): Promise<void>;
  events: readonly StripeObject[];
  close(): Promise<void>;
}

interface StoredResponse {
  fingerprint: string;
  status: number;
  body: unknown;
}

export async function startStripeEmulator(opts: StripeEmulatorOptions): Promise<StripeEmulator> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const state = new EmulatorState();
  const events: StripeObject[] = [];
  const idempotency = new Map<string, StoredResponse>();
  let webhookUrl = opts.webhookUrl;
  let baseUrl = "";
  let requestContext: { id: string; idempotency_key: string | null } | null = null;

  const deliverer = createDeliverer({
    url: () => webhookUrl,
    secret: opts.webhookSecret,
    backoffMs: opts.retryBackoffMs ?? 500,
    maxAttempts: opts.maxDeliveryAttempts ?? 6,
    log,
  });

  const emit = (type: string, object: StripeObject, previous?: Record<string, unknown>) => {
    const event: StripeObject = {
      id: newId("evt"),
      object: "event",
      api_version: EMULATOR_API_VERSION,
      created: nowSeconds(),
      data: { object: structuredClone(object), ...(previous ? { previous_attributes: previous } : {}) },
      livemode: false,
      pending_webhooks: webhookUrl ? 1 : 0,
      request: requestContext ?? { id: null, idempotency_key: null },
      type,
    };
    events.push(state.put(event));
    deliverer.send(event as StripeObject & { type: string });
  };
  const r = createResources(state, emit, () => baseUrl);

  const app = new Hono();
  app.onError((err, c) => {
    const e =
      err instanceof StripeError
        ? err
        : new StripeError(500, "api_error", `Stripe emulator internal error: ${String(err)}`);
    if (!(err instanceof StripeError)) log(`[stripe emulator] ${String(err)}`);
    return c.json(e.body(), e.status as 400);
  });
  app.notFound((c) =>
    c.json(
      new StripeError(
        404,
        "invalid_request_error",
        `Unrecognized request URL (${c.req.method}: ${c.req.path}).`,
      ).body(),
      404,
    ),
  );

  // Every API call: a secret key, a form body, an optional idempotency key (same key + same params = same answer).
  app.use("/v1/*", async (c, next) => {
    const auth = c.req.header("authorization") ?? "";
    const key = auth.startsWith("Bearer ") ? auth.slice(7) : "";
    if (!key.startsWith("sk_test_") || (opts.apiKey && key !== opts.apiKey)) {
      throw new StripeError(
        401,
        "invalid_request_error",
        "Invalid API Key provided (Stripe emulator accepts sk_test_ keys).",
      );
    }
    c.header("stripe-version", EMULATOR_API_VERSION);
    c.header("request-id", newId("req"));
    const idemKey = c.req.method === "POST" ? c.req.header("idempotency-key") : undefined;
    const raw = c.req.method === "POST" ? await c.req.text() : "";
    c.set("params" as never, decodeForm(raw) as never);
    if (!idemKey) return next();
    const fingerprint = createHash("sha256").update(`${c.req.method} ${c.req.path}\n${raw}`).digest("hex");
    const stored = idempotency.get(idemKey);
    if (stored) {
      if (stored.fingerprint !== fingerprint) {
        throw new StripeError(
          400,
          "idempotency_error",
          `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${idemKey}' if you meant to execute a different request.`,
        );
      }
      c.header("idempotent-replayed", "true");
      return c.json(stored.body as object, stored.status as 200);
    }
    requestContext = { id: newId("req"), idempotency_key: idemKey };
    try {
      await next();
    } finally {
      requestContext = null;
    }
    // Stripe stores the answer to an idempotent request, errors included (but not 5xx).
    if (c.res.status < 500) {
      idempotency.set(idemKey, { fingerprint, status: c.res.status, body: await c.res.clone().json() });
    }
  });

  const params = (c: Context) => c.get("params" as never) as Record<string, never>;

  app.post("/v1/customers", (c) => c.json(r.createCustomer(params(c))));
  app.get("/v1/customers/:id", (c) => c.json(state.get("customer", c.req.param("id"))));
  app.post("/v1/checkout/sessions", (c) => c.json(r.publicSession(r.createCheckoutSession(params(c)))));
  app.get("/v1/checkout/sessions/:id", (c) =>
    c.json(r.publicSession(state.get("checkout.session", c.req.param("id")))),
  );
  app.post("/v1/payment_intents", (c) => c.json(r.createPaymentIntent(params(c))));
  app.get("/v1/payment_intents/:id", (c) => c.json(state.get("payment_intent", c.req.param("id"))));
  app.post("/v1/payment_intents/:id/confirm", (c) =>
    c.json(r.confirmPaymentIntent(c.req.param("id"), params(c))),
  );
  app.post("/v1/refunds", (c) => c.json(r.createRefund(params(c))));
  app.get("/v1/refunds/:id", (c) => c.json(state.get("refund", c.req.param("id"))));
  app.get("/v1/subscriptions/:id", (c) => c.json(state.get("subscription", c.req.param("id"))));
  app.post("/v1/subscriptions/:id", (c) => c.json(r.updateSubscription(c.req.param("id"), params(c))));
  app.delete("/v1/subscriptions/:id", (c) => c.json(r.cancelSubscription(c.req.param("id"))));
  app.get("/v1/invoices/:id", (c) => c.json(state.get("invoice", c.req.param("id"))));
  app.get("/v1/events/:id", (c) => c.json(state.get("event", c.req.param("id"))));
  // Newest first, like Stripe; `type` filters (tests that cannot receive webhooks fetch events here).
  app.get("/v1/events", (c) => {
    const type = c.req.query("type");
    const limit = Math.min(Number(c.req.query("limit") ?? 10) || 10, 100);
    const data = events
      .filter((e) => !type || e.type === type)
      .slice(-limit)
      .reverse();
    return c.json({ object: "list", data, has_more: false, url: "/v1/events" });
  });
  // Emulator-only controls (not part of Stripe's API): bill the next period, optionally with a declined card.
  app.post("/v1/_emulator/subscriptions/:id/renew", (c) =>
    c.json(r.renewSubscription(c.req.param("id"), params(c).fail === "true")),
  );

  // The hosted Checkout page a customer is redirected to.
  app.get("/checkout/:id", (c) => {
    const session = state.get("checkout.session", c.req.param("id"));
    const lines = session._lines as { price: StripeObject }[];
    const product = state.objects.get(String(lines[0]?.price.product));
    return c.html(
      checkoutPage({
        id: session.id,
        mode: String(session.mode),
        status: String(session.status),
        amount_total: session.amount_total as number,
        currency: String(session.currency),
        description: String(product?.name ?? "Payment"),
      }),
    );
  });
  app.post("/checkout/:id/pay", (c) => {
    const session = r.payCheckoutSession(c.req.param("id"));
    log(`[stripe emulator] Checkout Session ${session.id} paid`);
    return c.redirect(String(session.success_url).replace("{CHECKOUT_SESSION_ID}", session.id), 303);
  });
  app.post("/checkout/:id/cancel", (c) => {
    const session = state.get("checkout.session", c.req.param("id"));
    return c.redirect(String(session.cancel_url ?? session.success_url), 303);
  });
  app.get("/", (c) => c.text("Stripe emulator (development and tests only; not Stripe)\n"));

  const host = opts.host ?? "127.0.0.1";
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? 0, hostname: host }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host}:${port}`;

  return {
    url: baseUrl,
    host,
    port,
    setWebhookUrl(url) {
      webhookUrl = url;
    },
    deliveries: deliverer.deliveries,
    webhooksIdle: () => deliverer.idle(),
    events,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
