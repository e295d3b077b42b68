/**
 * A Durable Object storage look-alike (`sql.exec`, `transactionSync`) over a synchronous SQLite file, so the
 * same drizzle `durable-sqlite` driver, migrator and ledger code run under Deno as in a SiteLedger object.
 */
import type { SyncSqlite } from "./runtime.ts";

export interface SqlCursor {
  toArray(): Record<string, unknown>[];
  raw(): { toArray(): unknown[][] };
  next(): { done: boolean; value: Record<string, unknown> | undefined };
  [Symbol.iterator](): Iterator<Record<string, unknown>>;
}

export interface DurableStorageLike {
  sql: { exec(query: string, ...params: unknown[]): SqlCursor };
  transactionSync<T>(fn: () => T): T;
}

/** Statements run when `exec` is called (as in a Durable Object), whether or not the cursor is read. */
export function durableStorage(db: SyncSqlite): DurableStorageLike {
  return {
    sql: {
      exec(query, ...params) {
        const statement = db.prepare(query);
        if (!statement.reader) {
          statement.run(...params);
          return cursor([], []);
        }
        const rows = statement.raw(true).all(...params) as unknown[][];
        return cursor(
          statement.columns().map((c) => c.name),
          rows,
        );
      },
    },
    transactionSync: (fn) => db.transaction(fn)(),
  };
}

function cursor(names: string[], rows: unknown[][]): SqlCursor {
  const objects = () => rows.map((row) => Object.fromEntries(names.map((name, i) => [name, row[i]])));
  let position = 0;
  return {
    toArray: objects,
    raw: () => ({ toArray: () => rows }),
    next() {
      const row = rows[position++];
      if (!row) return { done: true, value: undefined };
      return { done: false, value: Object.fromEntries(names.map((name, i) => [name, row[i]])) };
    },
    [Symbol.iterator]: () => objects()[Symbol.iterator](),
  };
}
