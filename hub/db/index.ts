/** Hub persistence: the SQLite file, its schema and migrations. */

export { bulkInsert } from "./bulk-insert.ts";
export { type HubDb, type OpenedDb, openDb, readPragma } from "./client.ts";
export * from "./schema/index.ts";
