/** An invoice as people read it (seller, buyer, lines), its printable page, and its payable for billing. */
import { eq } from "drizzle-orm";
import { formatMoney } from "../../shared/money/index.ts";
import type { Payable, PayableResolver } from "../billing/payables.ts";
import { isAdminOf } from "./access.ts";
import { type BookingsDeps, schema, sourceOf } from "./db.ts";
import { invoiceRow, visibleInvoice } from "./invoices.ts";

/** Billing's payable kind; the id is `<invoiceId>.<payerUserId>` (the payer must be an organiser admin). */
export const INVOICE_PAYABLE = "BOOKINGS_INVOICE";

export async function invoiceDetail(deps: BookingsDeps, userId: string, invoiceId: string) {
  const inv = await visibleInvoice(deps, userId, invoiceId);
  const party = async (id: string) => {
    const o = await deps.db.select().from(schema.organisations).where(eq(schema.organisations.id, id)).get();
    return {
      name: o!.name,
      address: o!.address,
      vatNumber: o!.vatNumber,
      country: o!.country,
      timeZone: o!.timeZone,
    };
  };
  const [seller, buyer, lines] = await Promise.all([
    party(inv.companyId),
    party(inv.organiserId),
    deps.db
      .select({
        bookingId: schema.bookings.id,
        crewName: schema.crewMembers.name,
        eventName: schema.events.name,
        unit: schema.bookings.unit,
        quantity: schema.bookings.quantity,
        rate: schema.bookings.rate,
        total: schema.bookings.total,
        startsAt: schema.bookings.startsAt,
        endsAt: schema.bookings.endsAt,
      })
      .from(schema.bookings)
      .innerJoin(schema.crewMembers, eq(schema.crewMembers.id, schema.bookings.crewId))
      .innerJoin(schema.events, eq(schema.events.id, schema.bookings.eventId))
      .where(eq(schema.bookings.invoiceId, inv.id))
      .all(),
  ]);
  return { ...inv, seller, buyer, lines };
}

type Detail = Awaited<ReturnType<typeof invoiceDetail>>;
const esc = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Self-contained HTML (inline styles, nothing loaded or run); dates in the buyer's zone. */
export function invoiceHtml(inv: Detail): string {
  const zone = inv.buyer.timeZone;
  const day = (ms: number | null) =>
    ms === null ? "" : new Intl.DateTimeFormat("sv-SE", { timeZone: zone, dateStyle: "short" }).format(ms);
  const when = (ms: number) =>
    new Intl.DateTimeFormat("sv-SE", { timeZone: zone, dateStyle: "short", timeStyle: "short" }).format(ms);
  const money = (amount: number) => esc(formatMoney({ amount, currency: inv.currency }, "symbol"));
  const party = (title: string, p: Detail["seller"]) =>
    `<div><h2>${title}</h2><p>${esc(p.name)}<br>${esc(p.address ?? "")}<br>VAT no. ${esc(p.vatNumber ?? "—")}</p></div>`;
  const rows = inv.lines
    .map(
      (l) =>
        `<tr><td>${esc(l.crewName)} — ${esc(l.eventName)}<br><small>${esc(when(l.startsAt))} – ${esc(when(l.endsAt))}</small></td><td class="n">${l.quantity} × ${esc(l.unit)}</td><td class="n">${money(l.rate)}</td><td class="n">${money(l.total)}</td></tr>`,
    )
    .join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Invoice ${esc(inv.number ?? "draft")}</title>
<style>body{font:14px system-ui;max-width:46rem;margin:2rem auto;color:#111}table{width:100%;border-collapse:collapse}
td,th{border-bottom:1px solid #ccc;padding:.4rem;text-align:left}.n{text-align:right}.p{display:flex;gap:4rem}
h1{font-size:1.4rem}h2{font-size:1rem;margin-bottom:.2rem}@media print{body{margin:0}}</style></head><body>
<h1>Invoice ${esc(inv.number ?? "(draft)")}</h1>
<p>Issued ${esc(day(inv.issuedAt))}, due ${esc(day(inv.dueAt))}. Status: ${esc(inv.status)}</p>
<div class="p">${party("Seller", inv.seller)}${party("Buyer", inv.buyer)}</div>
<table><thead><tr><th>Work</th><th class="n">Quantity</th><th class="n">Rate</th><th class="n">Amount</th></tr></thead>
<tbody>${rows}</tbody><tfoot>
<tr><th colspan="3">Net</th><th class="n">${money(inv.amount)}</th></tr>
<tr><th colspan="3">VAT ${inv.vatRate / 100} %</th><th class="n">${money(inv.vat)}</th></tr>
<tr><th colspan="3">Total</th><th class="n">${money(inv.total)}</th></tr></tfoot></table>
</body></html>`;
}

export function invoicePayables(deps: BookingsDeps): PayableResolver {
  return {
    kind: INVOICE_PAYABLE,
    async resolve(id): Promise<Payable | null> {
      const [invoiceId, payerId] = id.split(".");
      if (!invoiceId || !payerId) return null;
      const inv = await invoiceRow(deps, invoiceId).catch(() => null);
      if (!inv || (inv.status !== "Issued" && inv.status !== "Overdue")) return null;
      if (!(await isAdminOf(deps.db, inv.organiserId, payerId))) return null;
      return {
        kind: INVOICE_PAYABLE,
        id,
        payerId,
        siteId: sourceOf(inv.organiserId).siteId,
        amount: inv.total,
        currency: inv.currency,
        description: `Invoice ${inv.number}`,
      };
    },
  };
}
