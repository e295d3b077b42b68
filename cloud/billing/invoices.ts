/** Invoices (seed 004: PENDING, PAID, CANCELLED) as the account sees them, and the printable page. */
import { and, desc, eq } from "drizzle-orm";
import { AppError } from "../../shared/errors/index.ts";
import { schema } from "./db.ts";
import type { BillingDeps } from "./deps.ts";

type InvoiceRow = typeof schema.invoices.$inferSelect;

function view(i: InvoiceRow) {
  return {
    id: i.id,
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
