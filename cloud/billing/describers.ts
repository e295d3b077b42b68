/** What the payer reads about their payments: the billing module's notification manifest and audience. */
import { formatMoney } from "../../shared/money/index.ts";
import { defineDescribers, type ModuleNotifications } from "../module/index.ts";

const PAYMENTS = "billing.payments";
const at = "2026-06-01T12:00:00.000Z";
const PAYMENT = {
  paymentId: "pay_1",
  payableKind: "DEMO",
  payableId: "order-1",
  accountId: "user-1",
  amount: 2900,
  currency: "eur",
  stripePaymentIntentId: "pi_1",
};
// Currencies with other exponents: JPY has no minor unit, KWD three.
const OTHER = [
  { ...PAYMENT, amount: 1500, currency: "jpy" },
  { ...PAYMENT, amount: 12345, currency: "kwd" },
];

const money = (amount: number, currency: string) => formatMoney({ amount, currency });

export const BILLING_DESCRIBERS = defineDescribers({
  "payment.succeeded": {
    describe: (d, ctx) => ({
      category: PAYMENTS,
      title: "Payment received",
      body: `${money(d.amount, d.currency)} was paid at ${ctx.time(d.succeededAt)}.`,
    }),
    samples: [PAYMENT, ...OTHER].map((p) => ({ ...p, succeededAt: at })),
  },
  "payment.failed": {
    describe: (d, ctx) => ({
      category: PAYMENTS,
      title: "Payment failed",
      body: `A payment of ${money(d.amount, d.currency)} failed at ${ctx.time(d.failedAt)}${d.reason ? ` (${d.reason.replaceAll("_", " ")})` : ""}. Please try again or use another card.`,
    }),
    samples: [
      { ...PAYMENT, reason: "card_declined", failedAt: at },
      { ...PAYMENT, reason: null, failedAt: at },
      ...OTHER.map((p) => ({ ...p, reason: null, failedAt: at })),
    ],
  },
  "payment.refunded": {
    describe: (d, ctx) => ({
      category: PAYMENTS,
      title: d.fullyRefunded ? "Payment refunded" : "Payment partly refunded",
      body: `${money(d.refundAmount, d.currency)} was refunded at ${ctx.time(d.refundedAt)} (${d.reason.replaceAll("_", " ")}); ${money(d.refundedTotal, d.currency)} of ${money(d.amount, d.currency)} refunded in all.`,
    }),
    samples: [true, false].map((fullyRefunded) => ({
      ...PAYMENT,
      refundId: "re_1",
      refundAmount: fullyRefunded ? 2900 : 900,
      refundedTotal: fullyRefunded ? 2900 : 900,
      fullyRefunded,
      reason: "requested_by_customer",
      refundedAt: at,
    })),
  },
});

export const BILLING_NOTIFICATIONS = {
  categories: [{ id: PAYMENTS, label: "Payments", defaultChannels: ["in_app", "email"] }],
  describers: BILLING_DESCRIBERS,
  // The payer hears about their own payment, whoever else belongs to the site.
  audience: async (event) => {
    const data = event.data as { accountId?: unknown };
    return typeof data.accountId === "string" ? [data.accountId] : null;
  },
} satisfies ModuleNotifications<unknown>;
