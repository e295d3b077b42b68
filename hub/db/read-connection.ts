/**
 * A synchronous read-only connection to the hub's file for long reads (a year-long report): the
 * async client builds an object per row, the `libsql` engine under it hands back plain arrays at
 * a fraction of the cost. Opened per use and closed after it, so nothing outlives its reader.
 */
import type { Client } from "@libsql/client";
import Database from "libsql";
import type { HubDb } from "./client.ts";

export interface RowReader {
  /** The rows of one statement, each as an array of its columns; consume them before the next call. */
  rows(sql: string, params: readonly unknown[]): Promise<Iterable<unknown[]>>;
  close(): void;
}

/** A reader on `db`'s file; on an in-memory database (one connection only) it reads through `db`. */
export async function openRowReader(db: HubDb): Promise<RowReader> {
  // drizzle keeps its client on every database it makes; HubDb's type just does not name it.
  const client = (db as HubDb & { $client: Client }).$client;
  const rs = await client.execute("select file from pragma_database_list where name = 'main'");
  const file = rs.rows[0]?.[0];
  if (typeof file !== "string" || file === "") {
    return {
      rows: async (sql, params) =>
        (await client.execute({ sql, args: params as never })).rows.map((r) => Array.from(r) as unknown[]),
      close: () => {},
    };
  }
  const conn = new Database(file);
  conn.exec("PRAGMA query_only = ON");
  // WAL readers wait only while a checkpoint or recovery holds the file, never for the writer.
  conn.exec("PRAGMA busy_timeout = 1000");
  const statements = new Map<string, ReturnType<typeof conn.prepare>>();
  return {
    rows: async (sql, params) => {
      let s = statements.get(sql);
      if (!s) {
        s = conn.prepare(sql).raw();
        statements.set(sql, s);
      }
      // One row at a time: a page never exists as one array of rows.
      return s.iterate(params as unknown[]) as Iterable<unknown[]>;
    },
    close: () => {
      if (conn.open) conn.close();
    },
  };
}
