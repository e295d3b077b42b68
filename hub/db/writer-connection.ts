/**
 * The ingest writer's own SQLite connection: synchronous (the `libsql` engine under
 * @libsql/client, with a better-sqlite3 API), its prepared statements kept for the life of the
 * process. A group commit is one BEGIN … COMMIT on it, with no promise per statement and no
 * statement prepared twice. Its COMMIT (the fsync under FULL) blocks the event loop: 20–28% of it at 2,000 msg/s
 * on a loaded 2-CPU machine (`OUTPOST_PROFILE_INGEST`). Moving it to a worker thread would free that, but the
 * async client's writes on this thread would then wait for the worker's lock with the thread blocked.
 */
import type { BatchItem } from "drizzle-orm/batch";
import Database from "libsql";

type Statement = ReturnType<InstanceType<typeof Database>["prepare"]>;

export type Synchronous = "FULL" | "NORMAL";

interface Query {
  sql: string;
  params: unknown[];
}

/** The SQL and parameters drizzle would send for a batch item (its libsql session asks the same). */
export function queryOf(item: BatchItem<"sqlite">): Query {
  const q = (item as unknown as { _prepare(): { getQuery(): Query } })._prepare().getQuery();
  return q;
}

const PROFILE = process.env.OUTPOST_PROFILE_SQL ? new Map<string, number>() : null;
if (PROFILE) process.on("exit", () => console.error([...PROFILE].sort((a, b) => b[1] - a[1])));

export interface RunTiming {
  build: number;
  exec: number;
  commit: number;
}

export class WriterConnection {
  private readonly db: InstanceType<typeof Database>;
  private readonly statements = new Map<string, Statement>();

  /** `autocheckpoint` false: another thread checkpoints (hub/db/checkpointer.ts), never this connection. */
  constructor(path: string, synchronous: Synchronous, autocheckpoint = true) {
    this.db = new Database(path);
    // The pool of the async client holds readers and the API's writes; this connection must
    // never block the thread waiting for them (they run on the same thread): a busy database
    // fails at once and the caller retries after yielding.
    this.db.exec("PRAGMA busy_timeout = 0");
    this.db.exec(`PRAGMA synchronous = ${synchronous}`);
    this.db.exec("PRAGMA foreign_keys = ON");
    if (!autocheckpoint) this.db.exec("PRAGMA wal_autocheckpoint = 0");
  }

  /** The statement for `sql`, prepared once. */
  prepare(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      // A cache keyed by SQL text grows with every distinct statement; ours are a few dozen shapes,
      // but a bound keeps a bug from becoming a leak.
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(sql, s);
    }
    return s;
  }

  /**
   * Runs `items` in one transaction; on any failure nothing of them is written and it throws.
   * `timing`, when given, gets the milliseconds spent building the SQL, running it, and in COMMIT (the fsync).
   */
  run(items: readonly (BatchItem<"sqlite"> | Query)[], timing?: RunTiming): void {
    if (timing) {
      this.timedRun(items, timing);
      return;
    }
    this.db.exec("BEGIN IMMEDIATE");
    try {
      for (const item of items) {
        const q = "sql" in item ? (item as Query) : queryOf(item as BatchItem<"sqlite">);
        if (PROFILE) {
          const t = performance.now();
          this.prepare(q.sql).run(q.params);
          const k = q.sql.slice(0, 40);
          PROFILE.set(k, (PROFILE.get(k) ?? 0) + performance.now() - t);
        } else this.prepare(q.sql).run(q.params);
      }
      this.db.exec("COMMIT");
    } catch (err) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      throw err;
    }
  }

  private timedRun(items: readonly (BatchItem<"sqlite"> | Query)[], timing: RunTiming): void {
    let t = performance.now();
    const lap = () => {
      const now = performance.now();
      const d = now - t;
      t = now;
      return d;
    };
    const queries = items.map((item) =>
      "sql" in item ? (item as Query) : queryOf(item as BatchItem<"sqlite">),
    );
    timing.build += lap();
    this.db.exec("BEGIN IMMEDIATE");
    try {
      for (const q of queries) this.prepare(q.sql).run(q.params);
      timing.exec += lap();
      this.db.exec("COMMIT");
      timing.commit += lap();
    } catch (err) {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
      throw err;
    }
  }

  /** True when `sql` finds a row. */
  exists(sql: string, params: unknown[]): boolean {
    return this.prepare(sql).get(params) !== undefined;
  }

  close(): void {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }
}

/** SQLITE_BUSY / SQLITE_LOCKED: another connection holds the write lock; worth retrying. */
export function isBusy(err: unknown): boolean {
  const code = (err as { code?: string; rawCode?: number })?.code ?? "";
  return code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED");
}

/**
 * Failures of the database or the machine (disk full, I/O, locks, corruption), as opposed to one
 * a statement causes by its values: after one of these a message is kept by its sender and resent.
 */
export function isEnvironmental(err: unknown): boolean {
  const code = String(
    (err as { code?: string })?.code ?? (err as { cause?: { code?: string } })?.cause?.code ?? "",
  );
  return /^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN|READONLY|NOMEM|CORRUPT|NOTADB|PROTOCOL)/.test(code);
}
