/** Ingest counters, read by /metrics and by tests. */

export type RejectReason =
  | "bad_credentials"
  | "foreign_topic"
  | "forbidden_subscription"
  | "oversized"
  | "malformed_payload"
  | "invalid_payload"
  | "no_equipment"
  | "unsupported_channel";

export class IngestMetrics {
  accepted = 0;
  readonly rejected = new Map<RejectReason, number>();
  readonly rejectedByDevice = new Map<string, number>();
  commitBatches = 0;
  commitRows = 0;
  maxCommitBatch = 0;

  reject(reason: RejectReason, deviceId: string | null): void {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1);
    if (deviceId) this.rejectedByDevice.set(deviceId, (this.rejectedByDevice.get(deviceId) ?? 0) + 1);
  }

  rejectedCount(reason: RejectReason): number {
    return this.rejected.get(reason) ?? 0;
  }

  batch(size: number): void {
    this.commitBatches++;
    this.commitRows += size;
    if (size > this.maxCommitBatch) this.maxCommitBatch = size;
  }
}
