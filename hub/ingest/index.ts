/** Device message ingest: dispatcher, per-channel handlers, the group-committed writer, health and counters. */
export type { DeviceMessage, IngestContext, Logger, Outcome } from "./context.ts";
export { dispatch } from "./dispatcher.ts";
export { GroupCommitter } from "./group-commit.ts";
export { DeviceHealth, type HealthOptions } from "./health.ts";
export { LogLimiter } from "./log-limit.ts";
export { BATCH_BUCKETS, IngestMetrics, type RejectReason } from "./metrics.ts";
export { IngestWriter, type Write, type WriterDeps } from "./writer.ts";
