/**
 * The cloud's one database type (contract C6): drizzle's async SQLite database. D1 (Workers) and libsql
 * (Deno) both fit it, so cloud verbs never depend on one platform's driver.
 */
import type { BatchItem, BatchResponse } from "drizzle-orm/batch";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";

/**
 * A module's database: `CloudDb<typeof schema>`. Without `transaction()`: D1 has no interactive transactions,
 * so several writes go together through `batch`.
 */
export type CloudDb<S extends Record<string, unknown> = Record<string, never>> = Omit<
  BaseSQLiteDatabase<"async", unknown, S>,
  "transaction"
>;

/** D1 (and Durable Object SQLite) bind at most 100 parameters per statement. */
export const D1_MAX_PARAMETERS = 100;

type Batchable = {
  batch<U extends BatchItem<"sqlite">, T extends Readonly<[U, ...U[]]>>(batch: T): Promise<BatchResponse<T>>;
};

/**
 * Runs the statements as one atomic unit. D1 has no interactive transactions, so this is the way to write
 * several rows together; D1 and libsql both implement `batch` (BaseSQLiteDatabase does not declare it).
 */
export function batch<U extends BatchItem<"sqlite">, T extends Readonly<[U, ...U[]]>>(
  // biome-ignore lint/suspicious/noExplicitAny: any module's schema
  db: CloudDb<any>,
  statements: T,
): Promise<BatchResponse<T>> {
  const candidate = db as unknown as Partial<Batchable>;
  if (typeof candidate.batch !== "function") throw new Error("this database driver has no batch()");
  return (candidate as Batchable).batch(statements);
}

/** `batch` over a list that may be empty (nothing to do then). */
export async function runBatch(
  // biome-ignore lint/suspicious/noExplicitAny: any module's schema
  db: CloudDb<any>,
  statements: readonly BatchItem<"sqlite">[],
): Promise<void> {
  const [first, ...rest] = statements;
  if (!first) return;
  await batch(db, [first, ...rest]);
}
