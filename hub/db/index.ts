/** Hub persistence: the SQLite file, its schema and migrations. */

export { bulkInsert, ROWS_PER_STATEMENT, RowsStatement, rawStatement } from "./bulk-insert.ts";
export { type HubDb, type OpenedDb, type OpenOptions, openDb, readPragma } from "./client.ts";
export * from "./schema/index.ts";
export {
  isBusy,
  isEnvironmental,
  type RunTiming,
  type Synchronous,
  WriterConnection,
} from "./writer-connection.ts";
