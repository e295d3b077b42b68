/** Billing HTTP routes: plans, subscription and Checkout, payments, refunds, invoices, balance, the Stripe webhook. */
import { Hono } from "hono";
import { z } from "zod";
import {
  type AppEnv,
  currentUser,
  doc,
  type RequireUser,
  readBodyLimited,
  readJson,
  requireRole,
} from "../http/index.ts";
import type { BillingDeps } from "./deps.ts";
import { INVOICE_PAGE_CSP, invoicePage } from "./invoice-page.ts";
import { getInvoice, listInvoices } from "./invoices.ts";
import { returnToSchema, startPaymentCheckout } from "./payment-checkout.ts";
import { getBalance, listPayments, refundPayment, startPayment } from "./payments.ts";
import { PLAN_IDS, PLANS } from "./plans.ts";
import { PAYMENT_METHODS } from "./schema.ts";
import { changePlan, getSubscription, startCheckout } from "./subscriptions.ts";
import { receiveStripeWebhook } from "./webhooks.ts";

const tag = "billing";
const WEBHOOK_MAX_BYTES = 256 * 1024;
const signedIn = { 401: "no or bad token" };

const planBody = z.object({ plan: z.enum(PLAN_IDS) });
/** No amount here on purpose: the payable's owner module prices it (an `amount` sent anyway is dropped). */
const paymentBody = z.object({
  payable: z.object({ kind: z.string().min(1).max(40), id: z.string().min(1).max(200) }),
  method: z.enum(PAYMENT_METHODS).optional(),
});
/** As paymentBody (an `amount` is dropped), paid on Stripe's hosted page; `returnTo` is a path of this app. */
const paymentCheckoutBody = z.object({
  payable: z.object({ kind: z.string().min(1).max(40), id: z.string().min(1).max(200) }),
  returnTo: returnToSchema,
});
const refundBody = z.object({
  amount: z.number().int().positive().optional(),
  reason: z.string().trim().min(1).max(500),
});

export function billingHttp(deps: BillingDeps & { requireUser: RequireUser }) {
  return (
    new Hono<AppEnv>()
      .get(
        "/v1/billing/plans",
        doc({
          summary: "The plans with monthly price (minor units) and limits",
          tag,
          auth: "public",
          responses: { 200: "plans" },
        }),
        (c) => c.json({ plans: PLAN_IDS.map((id) => PLANS[id]) }),
      )
      .post(
        "/v1/billing/webhooks/stripe",
        doc({
          summary: "Stripe webhook (signature-verified on the raw body; each event applied once)",
          tag,
          auth: "public",
          responses: {
            200: "applied, duplicate or ignored",
            400: "bad signature, body or timestamp",
            413: "too large",
          },
        }),
        async (c) => {
          const body = await readBodyLimited(c.req.raw, WEBHOOK_MAX_BYTES);
          const outcome = await receiveStripeWebhook(deps, {
            payload: new TextDecoder().decode(body),
            signature: c.req.header("stripe-signature") ?? null,
          });
          return c.json({ received: true, ...outcome });
        },
      )
      // Registered after the two public routes above, so it guards only the routes below.
      .use("/v1/billing/*", deps.requireUser)
      .get(
        "/v1/billing/subscription",
        doc({
          summary: "The caller's plan, status and limits in force",
          tag,
          auth: "user",
          responses: { 200: "subscription", ...signedIn },
        }),
        async (c) => c.json(await getSubscription(deps, currentUser(c).id)),
      )
      .post(
        "/v1/billing/checkout",
        doc({
          summary: "Start a Stripe Checkout for a paid plan; answers the Checkout URL",
          tag,
          auth: "user",
          body: planBody,
          responses: { 201: "{ url, sessionId }", 400: "bad plan", 409: "already subscribed", ...signedIn },
        }),
        async (c) => {
          const { plan } = await readJson(c, planBody);
          const user = currentUser(c);
          return c.json(await startCheckout(deps, { accountId: user.id, email: user.email, plan }), 201);
        },
      )
      .post(
        "/v1/billing/subscription/plan",
        doc({
          summary: "Change plan: an upgrade applies now, a downgrade at the end of the period",
          tag,
          auth: "user",
          body: planBody,
          responses: { 200: "subscription", 409: "no running subscription", ...signedIn },
        }),
        async (c) => {
          const { plan } = await readJson(c, planBody);
          return c.json(await changePlan(deps, { accountId: currentUser(c).id, plan }));
        },
      )
      .post(
        "/v1/billing/payments",
        doc({
          summary: "Start paying a payable (PaymentIntent; the amount is computed on the server)",
          tag,
          auth: "user",
          body: paymentBody,
          responses: {
            201: "{ paymentId, invoiceId, clientSecret, amount, currency }",
            404: "no such payable",
            409: "already paid",
            ...signedIn,
          },
        }),
        async (c) => {
          const { payable, method } = await readJson(c, paymentBody);
          const started = await startPayment(deps, {
            payerId: currentUser(c).id,
            kind: payable.kind,
            id: payable.id,
            ...(method ? { method } : {}),
          });
          return c.json(started, 201);
        },
      )
      .post(
        "/v1/billing/payments/checkout",
        doc({
          summary: "Pay a payable on Stripe's hosted Checkout (the amount is computed on the server)",
          tag,
          auth: "user",
          body: paymentCheckoutBody,
          responses: {
            201: "{ url, sessionId, paymentId, invoiceId, amount, currency }",
            400: "bad payable or returnTo",
            404: "no such payable",
            409: "already paid",
            ...signedIn,
          },
        }),
        async (c) => {
          const { payable, returnTo } = await readJson(c, paymentCheckoutBody);
          const started = await startPaymentCheckout(deps, {
            payerId: currentUser(c).id,
            kind: payable.kind,
            id: payable.id,
            returnTo,
          });
          return c.json(started, 201);
        },
      )
      .get(
        "/v1/billing/payments",
        doc({
          summary: "The caller's payments",
          tag,
          auth: "user",
          responses: { 200: "{ payments }", ...signedIn },
        }),
        async (c) => c.json({ payments: await listPayments(deps, currentUser(c).id) }),
      )
      .post(
        "/v1/billing/payments/:paymentId/refunds",
        requireRole("admin"),
        doc({
          summary: "Refund a payment in full or in part, with a reason (platform admin)",
          tag,
          auth: "user",
          body: refundBody,
          responses: {
            201: "refund",
            400: "bad amount",
            403: "not an admin",
            404: "no such payment",
            409: "not refundable",
          },
        }),
        async (c) => {
          const { amount, reason } = await readJson(c, refundBody);
          const refund = await refundPayment(deps, {
            paymentId: c.req.param("paymentId"),
            reason,
            by: currentUser(c).id,
            ...(amount !== undefined ? { amount } : {}),
          });
          return c.json(refund, 201);
        },
      )
      .get(
        "/v1/billing/balance",
        doc({
          summary: "Paid, refunded, net and outstanding per currency (minor units)",
          tag,
          auth: "user",
          responses: { 200: "{ balances }", ...signedIn },
        }),
        async (c) => c.json({ balances: await getBalance(deps, currentUser(c).id) }),
      )
      .get(
        "/v1/billing/invoices",
        doc({
          summary: "The caller's invoices",
          tag,
          auth: "user",
          responses: { 200: "{ invoices }", ...signedIn },
        }),
        async (c) => c.json({ invoices: await listInvoices(deps, currentUser(c).id) }),
      )
      .get(
        "/v1/billing/invoices/:invoiceId",
        doc({
          summary: "One invoice with its payments",
          tag,
          auth: "user",
          responses: { 200: "invoice", 404: "no such invoice", ...signedIn },
        }),
        async (c) => c.json(await getInvoice(deps, currentUser(c).id, c.req.param("invoiceId"))),
      )
      .get(
        "/v1/billing/invoices/:invoiceId/print",
        doc({
          summary: "The printable invoice (HTML)",
          tag,
          auth: "user",
          responses: { 200: "text/html", 404: "no such invoice", ...signedIn },
        }),
        async (c) => {
          const user = currentUser(c);
          const invoice = await getInvoice(deps, user.id, c.req.param("invoiceId"));
          c.header("content-security-policy", INVOICE_PAGE_CSP);
          return c.html(invoicePage(invoice, { email: user.email }));
        },
      )
  );
}
