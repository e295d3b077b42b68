/** The billing database type (contract C6: drizzle's async SQLite database, whatever the driver). */
import type { CloudDb } from "../db/index.ts";
import * as schema from "./schema.ts";

export type BillingDb = CloudDb<typeof schema>;
export { runBatch } from "../db/index.ts";
export { schema };
