/** Stripe emulator: the hosted Checkout page (Pay and Cancel). It says it is an emulator so nobody mistakes it for Stripe. */
import { formatMoney } from "../../shared/money/index.ts";

export interface PageSession {
  id: string;
  mode: string;
  status: string;
  amount_total: number;
  currency: string;
  description: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function checkoutPage(session: PageSession): string {
  const amount = formatMoney({ amount: session.amount_total, currency: session.currency });
  const open = session.status === "open";
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stripe emulator — Checkout (not real Stripe)</title>
<style>body{font:16px system-ui;max-width:28rem;margin:3rem auto;padding:0 1rem}
.banner{background:#fde68a;padding:.5rem 1rem;border-radius:.5rem}button{font:inherit;padding:.5rem 1.5rem;margin-right:1rem}</style>
</head><body>
<p class="banner"><strong>Stripe emulator</strong> for development and tests. No real payment is made.</p>
<h1>${escapeHtml(session.description)}</h1>
<p id="amount">${escapeHtml(amount)}${session.mode === "subscription" ? " / month" : ""}</p>
<p id="status">Session ${escapeHtml(session.id)} is ${escapeHtml(session.status)}.</p>
${
  open
    ? `<form method="post" action="/checkout/${escapeHtml(session.id)}/pay" style="display:inline"><button name="pay" value="1">Pay</button></form>
<form method="post" action="/checkout/${escapeHtml(session.id)}/cancel" style="display:inline"><button name="cancel" value="1">Cancel</button></form>`
    : ""
}
</body></html>`;
}
