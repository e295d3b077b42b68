/**
 * A batch's rows handed to SQLite as one JSON parameter read with `json_each`, so storing a batch costs one
 * statement per table rather than several per event (drizzle's per-statement building was most of a batch's CPU).
 * These run through the transaction's own session (`db.run`/`db.all`), never a side channel, so they commit
 * or roll back with it.
 */
import { type SQL, sql } from "drizzle-orm";
import type { LedgerDb } from "./types.ts";

/** Characters per JSON parameter: well under the 2 MB a Durable Object's SQLite takes for one value. */
const MAX_PARAM_CHARS = 256 * 1024;

/** The rows as JSON array texts, in order, each under the bound (a row longer than it goes alone). */
export function jsonChunks(rows: readonly unknown[]): string[] {
  const chunks: string[] = [];
  let parts: string[] = [];
  let size = 2;
  for (const row of rows) {
    const text = JSON.stringify(row);
    if (parts.length > 0 && size + text.length + 1 > MAX_PARAM_CHARS) {
      chunks.push(`[${parts.join(",")}]`);
      parts = [];
      size = 2;
    }
    parts.push(text);
    size += text.length + 1;
  }
  if (parts.length > 0) chunks.push(`[${parts.join(",")}]`);
  return chunks;
}

/** The i-th field of the current `json_each` row (a JSON array); JSON null reads as SQL NULL. */
export const field = (i: number): SQL => sql.raw(`json_extract(value, '$[${i}]')`);

/** `FROM json_each(?) WHERE true ORDER BY key`: the rows in batch order (the WHERE keeps an upsert unambiguous). */
export const fromRows = (json: string): SQL => sql`FROM json_each(${json}) WHERE true ORDER BY key`;

/** Runs `statement` once per chunk of `rows`. */
export function runRows(db: LedgerDb, rows: readonly unknown[], statement: (json: string) => SQL): void {
  if (rows.length === 0) return;
  for (const json of jsonChunks(rows)) db.run(statement(json));
}

/** Runs a RETURNING `statement` once per chunk of `rows` and gathers what it returned. */
export function returningRows<T>(
  db: LedgerDb,
  rows: readonly unknown[],
  statement: (json: string) => SQL,
): T[] {
  if (rows.length === 0) return [];
  const out: T[] = [];
  for (const json of jsonChunks(rows)) out.push(...(db.all(statement(json)) as T[]));
  return out;
}
