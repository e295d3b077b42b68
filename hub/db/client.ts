/** Opens the hub's SQLite file with the pragmas we rely on and applies checked-in migrations. */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { Client } from "@libsql/client";
import { ConnectionPool, Sqlite3Client } from "@libsql/client/sqlite3";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { MIGRATIONS_DIR } from "../assets.ts";
import { startCheckpointer } from "./checkpointer.ts";
import * as schema from "./schema/index.ts";
import { type Synchronous, WriterConnection } from "./writer-connection.ts";

export type HubDb = LibSQLDatabase<typeof schema>;

export interface OpenedDb {
  db: HubDb;
  client: Client;
  /** The ingest writer's synchronous connection; null for an in-memory database (one connection only). */
  writer: WriterConnection | null;
  close(): void;
}

export interface OpenOptions {
  /**
   * FULL (the default) fsyncs the WAL at every commit, so an acknowledged reading survives a
   * power cut; the group commit pays it once per batch. NORMAL fsyncs only at checkpoints: a
   * commit survives a killed process but not a power cut.
   */
  synchronous?: Synchronous;
  /**
   * Checkpoint the WAL on a thread of its own (hub/db/checkpointer.ts) instead of in whichever commit
   * crosses 1,000 pages: the running hub sets it, so no checkpoint stalls ingest on the event loop.
   */
  checkpointThread?: boolean;
}

/** Connections the async client may hold at once (an open transaction holds one until it ends). */
const POOL_SIZE = 4;

/**
 * The client's connection pool, with one change: every connection it opens gets the same per-connection
 * settings before its first statement. The stock pool opens a connection whenever the others are lent out
 * (to a transaction, say) and settings made through `execute` reach only the connection that ran them.
 */
class ConfiguredPool extends ConnectionPool {
  private readonly configured = new WeakSet<object>();
  private readonly pragmas: readonly string[];

  constructor(path: string, pragmas: readonly string[], size: number) {
    super(path, {}, size);
    this.pragmas = pragmas;
  }

  override acquireSync(forTransaction?: boolean) {
    const conn = super.acquireSync(forTransaction);
    if (!this.configured.has(conn)) {
      for (const p of this.pragmas) conn.exec(p);
      this.configured.add(conn);
    }
    return conn;
  }
}

/** The settings every connection of the async client gets (the ingest writer sets its own). */
export function connectionPragmas(synchronous: Synchronous, autocheckpoint = true): string[] {
  return [
    `PRAGMA synchronous = ${synchronous}`,
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 5000",
    ...(autocheckpoint ? [] : ["PRAGMA wal_autocheckpoint = 0"]),
  ];
}

/** Opens (creating if needed) the SQLite file at `path`, or an in-memory database for ":memory:". */
export async function openDb(path: string, opts: OpenOptions = {}): Promise<OpenedDb> {
  const synchronous = opts.synchronous ?? "FULL";
  const memory = path === ":memory:";
  const threaded = !memory && opts.checkpointThread === true;
  if (!memory) mkdirSync(dirname(path), { recursive: true });
  // An in-memory database exists on one connection only.
  const pool = new ConfiguredPool(
    memory ? "file::memory:" : path,
    connectionPragmas(synchronous, !threaded),
    memory ? 1 : POOL_SIZE,
  );
  // Fail here, not at the first request, when the file cannot be opened.
  pool.release(pool.acquireSync());
  const client: Client = new Sqlite3Client(pool, "number");
  // WAL lets the API read while ingest writes (a setting of the file, not of a connection).
  await client.execute("PRAGMA journal_mode = WAL");
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  const writer = memory ? null : new WriterConnection(path, synchronous, !threaded);
  const checkpointer = threaded
    ? startCheckpointer(path, {
        synchronous,
        onError: (message) =>
          console.error(JSON.stringify({ level: "error", msg: "checkpoint failed", message })),
      })
    : null;
  return {
    db,
    client,
    writer,
    close: () => {
      writer?.close();
      client.close();
      checkpointer?.stop();
    },
  };
}

/** Reads a pragma's current value (used by tests and /healthz). */
export async function readPragma(client: Client, name: string): Promise<unknown> {
  const rs = await client.execute(`PRAGMA ${name}`);
  return rs.rows[0]?.[0];
}
