/** The printable invoice: a self-contained HTML page (inline styles only, nothing loaded, nothing run). */
import { formatMoney } from "../../shared/money/index.ts";
import type { getInvoice } from "./invoices.ts";

type Invoice = Awaited<ReturnType<typeof getInvoice>>;

const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** The CSP this page is served with: its own inline styles, nothing else. */
export const INVOICE_PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";

export function invoicePage(invoice: Invoice, account: { email: string }): string {
  const rows = invoice.payments
    .map(
      (p) =>
        `<tr><td>${esc(p.processedAt ?? "")}</td><td>${esc(p.method)}</td><td>${esc(p.status)}</td><td class="n">${esc(formatMoney(p, "symbol"))}</td><td class="n">${p.refundedAmount ? esc(formatMoney({ amount: p.refundedAmount, currency: p.currency }, "symbol")) : ""}</td></tr>`,
    )
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Invoice ${esc(invoice.number ?? invoice.id)} — Outpost</title>
<style>body{font:14px system-ui;max-width:46rem;margin:2rem auto;color:#111}table{width:100%;border-collapse:collapse}
td,th{border-bottom:1px solid #ccc;padding:.4rem;text-align:left}.n{text-align:right}h1{font-size:1.4rem}
@media print{body{margin:0}}</style></head><body>
<h1>Invoice</h1>
<p>Outpost<br>Invoice no. <strong>${esc(invoice.number ?? invoice.id)}</strong><br>Issued ${esc(invoice.createdAt.slice(0, 10))}, due ${esc(invoice.dueDate.slice(0, 10))}</p>
<p>Billed to: ${esc(account.email)}</p>
<table><thead><tr><th>Description</th><th class="n">Amount</th></tr></thead>
<tbody><tr><td>${esc(invoice.description)}</td><td class="n">${esc(formatMoney(invoice, "symbol"))}</td></tr></tbody>
<tfoot><tr><th>Total</th><th class="n">${esc(formatMoney(invoice, "symbol"))}</th></tr></tfoot></table>
<p>Status: <strong id="status">${esc(invoice.status)}</strong>${invoice.paidAt ? ` (paid ${esc(invoice.paidAt.slice(0, 10))})` : ""}</p>
${rows ? `<h2>Payments</h2><table><thead><tr><th>When</th><th>Method</th><th>Status</th><th class="n">Amount</th><th class="n">Refunded</th></tr></thead><tbody>${rows}</tbody></table>` : ""}
</body></html>`;
}
