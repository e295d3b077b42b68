/**
 * Invoices from a crew company (seller) to an organiser (buyer) for booked work: Draft → Issued → Paid, or
 * Overdue after the due date (the cron), or Cancelled. Numbers `YYYY-NNNN` are gapless per organiser and year
 * of issue (in the organiser's zone): the counter is raised in the same batch (one transaction) as the
 * invoice takes its number, and only when the invoice is still a draft, so a lost race uses no number.
 * VAT: the organiser's country's rate on the invoice's sum, rounded half up once (pricing.ts).
 */
import { and, eq, inArray, isNull, lt, sql } from "drizzle-orm";
import { localTime } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { buildEvent, type EventType } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { batch } from "../db/index.ts";
import { isMemberOf, orgFor } from "./access.ts";
import { type BookingsDeps, outboxIfChanged, schema, sourceOf } from "./db.ts";
import { vatOf, vatRateOf } from "./pricing.ts";

export type InvoiceRow = typeof schema.invoices.$inferSelect;
/** Payment terms: due 30 days after issue. */
export const PAYMENT_TERMS_MS = 30 * 86_400_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function invoiceEvent(type: Extract<EventType, `invoice.${string}`>, inv: InvoiceRow, now: number) {
  return buildEvent({
    type,
    source: sourceOf(inv.organiserId),
    occurredAt: now,
    data: {
      invoiceId: inv.id,
      organiserId: inv.organiserId,
      companyId: inv.companyId,
      number: inv.number,
      amount: inv.amount,
      currency: inv.currency,
      vat: inv.vat,
      total: inv.total,
      dueAt: iso(inv.dueAt),
      at: new Date(now).toISOString(),
    },
  });
}

/** A draft for the named bookings (one organiser, one company, Confirmed or Completed, not yet invoiced). */
export async function generateInvoice(
  deps: BookingsDeps,
  userId: string,
  input: { companyId: string; bookingIds: string[] },
): Promise<InvoiceRow> {
  await orgFor(deps.db, input.companyId, userId, "admin", "crew_company");
  const ids = [...new Set(input.bookingIds)];
  const rows = await deps.db.select().from(schema.bookings).where(inArray(schema.bookings.id, ids)).all();
  const usable = rows.filter(
    (b) =>
      b.companyId === input.companyId &&
      (b.status === "Confirmed" || b.status === "Completed") &&
      !b.invoiceId,
  );
  const organiserId = usable[0]?.organiserId;
  if (!organiserId || usable.length !== ids.length || usable.some((b) => b.organiserId !== organiserId))
    throw new AppError(
      "VALIDATION_ERROR",
      "invoice confirmed or completed, uninvoiced bookings of one organiser",
    );
  const currency = usable[0]!.currency;
  if (usable.some((b) => b.currency !== currency))
    throw new AppError("VALIDATION_ERROR", "one currency per invoice");
  const organiser = await deps.db
    .select()
    .from(schema.organisations)
    .where(eq(schema.organisations.id, organiserId))
    .get();
  const vatRate = vatRateOf(organiser!.country);
  const amount = usable.reduce((sum, b) => sum + b.total, 0);
  const vat = vatOf(amount, vatRate);
  const now = deps.clock.now();
  const inv: InvoiceRow = {
    id: uuidv7(now),
    organiserId,
    companyId: input.companyId,
    number: null,
    amount,
    vatRate,
    vat,
    total: amount + vat,
    currency,
    status: "Draft",
    issuedAt: null,
    dueAt: null,
    paidAt: null,
    createdAt: now,
  };
  const event = invoiceEvent("invoice.generated", inv, now);
  await batch(deps.db, [
    deps.db.insert(schema.invoices).values(inv),
    deps.db
      .update(schema.bookings)
      .set({ invoiceId: inv.id })
      .where(and(inArray(schema.bookings.id, ids), isNull(schema.bookings.invoiceId))),
    // A concurrent draft took one of these bookings: a NULL into NOT NULL columns fails the whole batch.
    deps.db.insert(schema.outbox).select(sql`SELECT NULL, NULL, NULL, NULL WHERE changes() <> ${ids.length}`),
    deps.db.insert(schema.outbox).values({ id: event.id, event: JSON.stringify(event), createdAt: now }),
  ]).catch((err) => {
    throw new AppError("CONFLICT", "some of these bookings were invoiced meanwhile", { cause: String(err) });
  });
  return inv;
}

/** Issues a draft: its number, issue and due dates, in one transaction with the organiser's counter. */
export async function issueInvoice(
  deps: BookingsDeps,
  userId: string,
  invoiceId: string,
): Promise<InvoiceRow> {
  const draft = await invoiceRow(deps, invoiceId);
  await orgFor(deps.db, draft.companyId, userId, "admin", "crew_company");
  const organiser = await deps.db
    .select()
    .from(schema.organisations)
    .where(eq(schema.organisations.id, draft.organiserId))
    .get();
  const now = deps.clock.now();
  const year = localTime(now, organiser!.timeZone).year;
  const dueAt = now + PAYMENT_TERMS_MS;
  const stillDraft = sql`EXISTS (SELECT 1 FROM invoices WHERE id = ${invoiceId} AND status = 'Draft')`;
  const event = invoiceEvent("invoice.issued", { ...draft, status: "Issued", issuedAt: now, dueAt }, now);
  const [, , updated] = await batch(deps.db, [
    deps.db
      .insert(schema.invoiceCounters)
      .select(sql`SELECT ${draft.organiserId}, ${year}, 0 WHERE ${stillDraft}`)
      .onConflictDoNothing(),
    deps.db
      .update(schema.invoiceCounters)
      .set({ last: sql`${schema.invoiceCounters.last} + 1` })
      .where(
        and(
          eq(schema.invoiceCounters.organiserId, draft.organiserId),
          eq(schema.invoiceCounters.year, year),
          stillDraft,
        ),
      ),
    deps.db
      .update(schema.invoices)
      .set({
        status: "Issued",
        number: sql`(SELECT printf('%d-%04d', year, last) FROM invoice_counters WHERE organiser_id = ${draft.organiserId} AND year = ${year})`,
        issuedAt: now,
        dueAt,
      })
      .where(and(eq(schema.invoices.id, invoiceId), eq(schema.invoices.status, "Draft")))
      .returning(),
    // The event carries the number the update just gave.
    deps.db
      .insert(schema.outbox)
      .select(
        sql`SELECT ${event.id}, json_set(${JSON.stringify(event)}, '$.data.number', (SELECT number FROM invoices WHERE id = ${invoiceId})), ${now}, NULL WHERE changes() > 0`,
      ),
  ]);
  const issued = updated[0];
  if (!issued) throw new AppError("CONFLICT", "the invoice is no longer a draft");
  return issued;
}

/**
 * Cancels a draft (its bookings can be invoiced again) or an unpaid issued invoice (its number stays used, so
 * the series keeps no gap; its bookings stay on it). Compare-and-swap on the status read.
 */
export async function cancelInvoice(
  deps: BookingsDeps,
  userId: string,
  invoiceId: string,
): Promise<InvoiceRow> {
  const inv = await invoiceRow(deps, invoiceId);
  await orgFor(deps.db, inv.companyId, userId, "admin", "crew_company");
  if (inv.status !== "Draft" && inv.status !== "Issued" && inv.status !== "Overdue")
    throw new AppError("CONFLICT", `a ${inv.status} invoice cannot be cancelled`);
  const cancelled: InvoiceRow = { ...inv, status: "Cancelled" };
  const [updated] = await batch(deps.db, [
    deps.db
      .update(schema.invoices)
      .set({ status: "Cancelled" })
      .where(and(eq(schema.invoices.id, inv.id), eq(schema.invoices.status, inv.status)))
      .returning({ id: schema.invoices.id }),
    // Only a draft releases its bookings; `changes()` guards on the update above having won.
    deps.db
      .update(schema.bookings)
      .set({ invoiceId: null })
      .where(and(eq(schema.bookings.invoiceId, inv.id), sql`${inv.status} = 'Draft'`, sql`changes() > 0`)),
  ]);
  if (updated.length === 0) throw new AppError("CONFLICT", "the invoice changed meanwhile; reload it");
  return cancelled;
}

export async function invoiceRow(deps: BookingsDeps, invoiceId: string): Promise<InvoiceRow> {
  const row = await deps.db.select().from(schema.invoices).where(eq(schema.invoices.id, invoiceId)).get();
  if (!row) throw new AppError("NOT_FOUND", "no such invoice");
  return row;
}

/** Members of the seller or the buyer see an invoice. */
export async function visibleInvoice(deps: BookingsDeps, userId: string, invoiceId: string) {
  const inv = await invoiceRow(deps, invoiceId);
  if (
    !(await isMemberOf(deps.db, inv.organiserId, userId)) &&
    !(await isMemberOf(deps.db, inv.companyId, userId))
  )
    throw new AppError("NOT_FOUND", "no such invoice");
  return inv;
}

/** Issued (or overdue) → Paid, compare-and-swap; answers whether it changed. */
export function markPaidStatements(deps: BookingsDeps, inv: InvoiceRow, now: number) {
  const event = invoiceEvent("invoice.paid", { ...inv, status: "Paid", paidAt: now }, now);
  return [
    deps.db
      .update(schema.invoices)
      .set({ status: "Paid", paidAt: now })
      .where(and(eq(schema.invoices.id, inv.id), inArray(schema.invoices.status, ["Issued", "Overdue"]))),
    outboxIfChanged(deps.db, event, now),
  ] as const;
}

/** The cron's part: every issued invoice past its due date becomes Overdue (one event each). */
export async function markOverdue(deps: BookingsDeps): Promise<number> {
  const now = deps.clock.now();
  let marked = 0;
  for (;;) {
    const due = await deps.db
      .select()
      .from(schema.invoices)
      .where(and(eq(schema.invoices.status, "Issued"), lt(schema.invoices.dueAt, now)))
      .limit(50)
      .all();
    if (due.length === 0) return marked;
    for (const inv of due) {
      const event = invoiceEvent("invoice.overdue", { ...inv, status: "Overdue" }, now);
      const [changed] = await batch(deps.db, [
        deps.db
          .update(schema.invoices)
          .set({ status: "Overdue" })
          .where(and(eq(schema.invoices.id, inv.id), eq(schema.invoices.status, "Issued")))
          .returning({ id: schema.invoices.id }),
        outboxIfChanged(deps.db, event, now),
      ]);
      marked += changed.length;
    }
  }
}
