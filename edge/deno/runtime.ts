/** The few Deno runtime calls the Deno entry makes, typed here so the Worker's tsconfig needs no Deno types. */

export interface DenoRuntime {
  env: { toObject(): Record<string, string> };
  readTextFile(path: string | URL): Promise<string>;
  readFile(path: string | URL): Promise<Uint8Array>;
  writeFile(path: string | URL, data: Uint8Array): Promise<void>;
  writeTextFile(path: string | URL, data: string): Promise<void>;
  remove(path: string | URL): Promise<void>;
  readDir(path: string | URL): AsyncIterable<{ name: string; isFile: boolean }>;
  mkdir(path: string | URL, options?: { recursive?: boolean }): Promise<void>;
  addSignalListener(signal: "SIGTERM", handler: () => void): void;
}

/** The Deno namespace; throws outside Deno, so a wrong runtime fails at start, not mid-request. */
export function denoRuntime(): DenoRuntime {
  const deno = (globalThis as { Deno?: DenoRuntime }).Deno;
  if (!deno) throw new Error("this entry runs under Deno (npm run cloud:deno)");
  return deno;
}

/** A synchronous SQLite connection (the `libsql` package's better-sqlite3-compatible API). */
export interface SyncSqlite {
  prepare(sql: string): SyncStatement;
  transaction<T>(fn: () => T): () => T;
  exec(sql: string): unknown;
  close(): void;
}

export interface SyncStatement {
  reader: boolean;
  run(...params: unknown[]): unknown;
  raw(toggle?: boolean): SyncStatement;
  all(...params: unknown[]): unknown[];
  columns(): { name: string }[];
}

type SyncSqliteClass = new (path: string) => SyncSqlite;

/** Opens a SQLite file with the native libsql binding (loaded lazily: only the Deno entry needs it). */
export async function openSyncSqlite(path: string): Promise<SyncSqlite> {
  const mod = (await import("libsql")) as unknown as { default: SyncSqliteClass };
  const db = new mod.default(path);
  db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;");
  return db;
}
