/** Opens the hub's SQLite file with the pragmas we rely on and applies checked-in migrations. */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type Client, createClient } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { MIGRATIONS_DIR } from "../assets.ts";
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
}

/** Opens (creating if needed) the SQLite file at `path`, or an in-memory database for ":memory:". */
export async function openDb(path: string, opts: OpenOptions = {}): Promise<OpenedDb> {
  const synchronous = opts.synchronous ?? "FULL";
  const memory = path === ":memory:";
  if (!memory) mkdirSync(dirname(path), { recursive: true });
  const client = createClient({ url: memory ? ":memory:" : `file:${path}` });
  // WAL lets the API read while ingest writes.
  await client.execute("PRAGMA journal_mode = WAL");
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: MIGRATIONS_DIR });
  // Per-connection settings go last: the client may have reopened its connection while migrating.
  await client.execute(`PRAGMA synchronous = ${synchronous}`);
  await client.execute("PRAGMA foreign_keys = ON");
  await client.execute("PRAGMA busy_timeout = 5000");
  const writer = memory ? null : new WriterConnection(path, synchronous);
  return {
    db,
    client,
    writer,
    close: () => {
      writer?.close();
      client.close();
    },
  };
}

/** Reads a pragma's current value (used by tests and /healthz). */
export async function readPragma(client: Client, name: string): Promise<unknown> {
  const rs = await client.execute(`PRAGMA ${name}`);
  return rs.rows[0]?.[0];
}
