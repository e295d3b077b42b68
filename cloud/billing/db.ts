/** The billing database type (contract C6: drizzle's async SQLite database, whatever the driver) and its batch. */
import type { BatchItem } from "drizzle-orm/batch";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import * as schema from "./schema.ts";

export type BillingDb = BaseSQLiteDatabase<"async", unknown, typeof schema>;
export { schema };

interface Batching {
  batch(queries: readonly [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]): Promise<unknown>;
}

/**
 * Runs the statements as one all-or-nothing batch. D1 and libsql both implement `batch` (D1 has no
 * interactive transactions); the shared helper the portable-cloud work provides replaces this at merge.
 */
export async function runBatch(db: BillingDb, queries: BatchItem<"sqlite">[]): Promise<void> {
  const [first, ...rest] = queries;
  if (!first) return;
  await (db as unknown as Batching).batch([first, ...rest]);
}
