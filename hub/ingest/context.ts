/** What every ingest handler may use, and what it returns. */
import type { Clock } from "../../shared/clock/index.ts";
import type { PayloadEncoding } from "../../shared/protocol/index.ts";
import type { HubDb } from "../db/index.ts";
import type { DeviceIdentity } from "../devices/index.ts";
import type { Logger } from "../log.ts";
import type { DeviceHooks } from "../module/hooks.ts";
import type { ReadingRecorder } from "../monitoring/index.ts";
import type { DeviceHealth } from "./health.ts";
import type { LogLimiter } from "./log-limit.ts";
import type { IngestMetrics, RejectReason } from "./metrics.ts";
import type { IngestWriter } from "./writer.ts";

export type { Logger } from "../log.ts";

export interface IngestContext {
  db: HubDb;
  clock: Clock;
  recorder: ReadingRecorder;
  writer: IngestWriter;
  metrics: IngestMetrics;
  health: DeviceHealth;
  log: Logger;
  /** Rate-limits the rejection log per device. */
  rejectLog: LogLimiter;
  /** The modules' event, acknowledgement and telemetry hooks. */
  hooks: DeviceHooks;
}

/** One decoded device message, as a handler sees it. */
export interface DeviceMessage {
  device: DeviceIdentity;
  deviceId: string;
  body: unknown;
  encoding: PayloadEncoding;
  receivedAt: number;
}

export type Handler = (ctx: IngestContext, msg: DeviceMessage) => Promise<Outcome>;

export type Outcome = { ok: true } | { ok: false; reason: RejectReason; message: string };

export const accepted: Outcome = { ok: true };

export function rejected(reason: RejectReason, message: string): Outcome {
  return { ok: false, reason, message };
}

/** The first zod issue as a short reason for the log and the device. */
export function firstIssue(
  error: { issues: { path: PropertyKey[]; message: string }[] },
  fallback: string,
): string {
  const issue = error.issues[0];
  if (!issue) return fallback;
  return issue.path.length > 0 ? `${issue.path.map(String).join(".")}: ${issue.message}` : issue.message;
}
