/** Device message ingest: dispatcher, per-channel handlers, group commit and counters. */
export type { IngestContext, Logger, Outcome } from "./context.ts";
export { dispatch } from "./dispatcher.ts";
export { GroupCommitter } from "./group-commit.ts";
export { IngestMetrics, type RejectReason } from "./metrics.ts";
