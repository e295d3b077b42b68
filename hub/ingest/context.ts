/** What every ingest handler may use. */
import type { Clock } from "../../shared/clock/index.ts";
import type { HubDb } from "../db/index.ts";
import type { ReadingInput, ReadingRecorder } from "../monitoring/index.ts";
import type { GroupCommitter } from "./group-commit.ts";
import type { IngestMetrics, RejectReason } from "./metrics.ts";

export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export interface IngestContext {
  db: HubDb;
  clock: Clock;
  recorder: ReadingRecorder;
  readings: GroupCommitter<ReadingInput>;
  metrics: IngestMetrics;
  log: Logger;
}

export type Outcome = { ok: true } | { ok: false; reason: RejectReason; message: string };

export const accepted: Outcome = { ok: true };

export function rejected(reason: RejectReason, message: string): Outcome {
  return { ok: false, reason, message };
}
