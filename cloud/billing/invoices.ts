/** Invoices (seed 004: PENDING, PAID, CANCELLED) as the account sees them, and the printable page. */
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import { AppError } from "../../shared/errors/index.ts";
import { schema } from "./db.ts";
import type { BillingDeps } from "./deps.ts";

type InvoiceRow = typeof schema.invoices.$inferSelect;

/**
 * The next number, computed inside the INSERT itself: a D1 batch runs as one transaction, so two invoices
 * never take the same number and none is skipped (the unique index would refuse a duplicate anyway).
 */
export const nextInvoiceSeq = (): SQL =>
  sql`(SELECT coalesce(max(${schema.invoices.seq}), 0) + 1 FROM ${schema.invoices})`;

/** "OP-000042": what people, receipts and inspectors call an invoice (never its id). */
export const invoiceNumber = (seq: number | null): string | null =>
  seq === null ? null : `OP-${String(seq).padStart(6, "0")}`;

function view(i: InvoiceRow) {
  return {
    id: i.id,
    number: invoiceNumber(i.seq),
    kind: i.kind,
    description: i.description,
    amount: i.amount,
    currency: i.currency,
    status: i.status,
    dueDate: new Date(i.dueDate).toISOString(),
    siteId: i.siteId,
    createdAt: new Date(i.createdAt).toISOString(),
    paidAt: i.paidAt === null ? null : new Date(i.paidAt).toISOString(),
  };
}
export type InvoiceView = ReturnType<typeof view>;

export async function listInvoices(deps: Pick<BillingDeps, "db">, accountId: string): Promise<InvoiceView[]> {
  const rows = await deps.db
    .select()
    .from(schema.invoices)
    .where(eq(schema.invoices.accountId, accountId))
    .orderBy(desc(schema.invoices.createdAt))
    .limit(200);
  return rows.map(view);
}

/** One of the account's invoices; another account's answers NOT_FOUND, like a missing one. */
export async function getInvoice(deps: Pick<BillingDeps, "db">, accountId: string, invoiceId: string) {
  const row = await deps.db
    .select()
    .from(schema.invoices)
    .where(and(eq(schema.invoices.id, invoiceId), eq(schema.invoices.accountId, accountId)))
    .get();
  if (!row) throw new AppError("NOT_FOUND", "no such invoice");
  const payments = await deps.db
    .select()
    .from(schema.payments)
    .where(eq(schema.payments.invoiceId, invoiceId))
    .orderBy(desc(schema.payments.createdAt));
  return {
    ...view(row),
    payments: payments.map((p) => ({
      id: p.id,
      amount: p.amount,
      currency: p.currency,
      method: p.method,
      status: p.status,
      refundedAmount: p.refundedAmount,
      processedAt: p.processedAt === null ? null : new Date(p.processedAt).toISOString(),
    })),
  };
}
