/** The SiteLedger's logic, free of Durable Object plumbing (the class itself lives in edge/site-ledger). */
export { applyRetention, readHistory } from "./history.ts";
export { ackedSeqOf, ingestEvents } from "./ingest.ts";
export { checkHubPresence, drainLiveChanges, noteHubContact, readHub, readSnapshot } from "./live.ts";
export { nextLiveExpiry, openLiveSockets } from "./live-sockets.ts";
export { migrateLedger } from "./migrations.ts";
export { flushOutbox, outboxSize } from "./outbox.ts";
export { readAlarms, readDevices, readEquipment, readEvents } from "./read.ts";
export { readRecord } from "./record.ts";
export * as ledgerSchema from "./schema.ts";
export { noteContact, presenceChanges, pushLive, RETENTION_EVERY_MS, storeBatch } from "./store-batch.ts";
export type * from "./types.ts";
