/** Opens the hub's SQLite file with the pragmas we rely on and applies checked-in migrations. */
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Client, createClient } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import * as schema from "./schema/index.ts";

export type HubDb = LibSQLDatabase<typeof schema>;

export interface OpenedDb {
  db: HubDb;
  client: Client;
  close(): void;
}

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), "migrations");

/** Opens (creating if needed) the SQLite file at `path`, or an in-memory database for ":memory:". */
export async function openDb(path: string): Promise<OpenedDb> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const client = createClient({ url: path === ":memory:" ? ":memory:" : `file:${path}` });
  // WAL lets the API read while ingest writes; NORMAL keeps commits durable across a process
  // crash (the WAL is fsynced at checkpoints), which is what a PUBACK promises.
  await client.execute("PRAGMA journal_mode = WAL");
  const db = drizzle(client, { schema });
  await migrate(db, { migrationsFolder: MIGRATIONS });
  // Per-connection settings go last: the client may have reopened its connection while migrating.
  await client.execute("PRAGMA synchronous = NORMAL");
  await client.execute("PRAGMA foreign_keys = ON");
  await client.execute("PRAGMA busy_timeout = 5000");
  return { db, client, close: () => client.close() };
}

/** Reads a pragma's current value (used by tests and /healthz). */
export async function readPragma(client: Client, name: string): Promise<unknown> {
  const rs = await client.execute(`PRAGMA ${name}`);
  return rs.rows[0]?.[0];
}
