/** Ingest and broker counters, read by /metrics and by tests. */

export type RejectReason =
  | "bad_credentials"
  | "revoked"
  | "client_id_rejected"
  | "too_many_connections"
  | "too_many_pending"
  | "rate_limited"
  /** A device disconnected for flooding tried to connect again within its hold-off. */
  | "held_off"
  | "foreign_topic"
  | "forbidden_subscription"
  | "oversized"
  | "malformed_payload"
  | "invalid_payload"
  | "unknown_command"
  | "unsupported_channel"
  /** CONNECT with a protocol other than MQTT 3.1.1 (3.1, 5). */
  | "unsupported_protocol"
  /** Valid, but its write failed on its own (the neighbours in its batch committed). */
  | "storage_failed";

/** Upper bounds of the commit batch size histogram. */
export const BATCH_BUCKETS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] as const;

export class IngestMetrics {
  accepted = 0;
  readonly acceptedByChannel = new Map<string, number>();
  readonly rejected = new Map<RejectReason, number>();
  readonly rejectedByDevice = new Map<string, number>();
  readonly rejectedByDeviceReason = new Map<string, Map<RejectReason, number>>();
  /** Messages held back by a device's rate limit (delayed, not dropped). */
  throttled = 0;
  commandsSent = 0;
  commitBatches = 0;
  commitRows = 0;
  maxCommitBatch = 0;
  readonly batchBuckets: number[] = BATCH_BUCKETS.map(() => 0);

  accept(channel: string): void {
    this.accepted++;
    this.acceptedByChannel.set(channel, (this.acceptedByChannel.get(channel) ?? 0) + 1);
  }

  reject(reason: RejectReason, deviceId: string | null): void {
    this.rejected.set(reason, (this.rejected.get(reason) ?? 0) + 1);
    if (!deviceId) return;
    this.rejectedByDevice.set(deviceId, (this.rejectedByDevice.get(deviceId) ?? 0) + 1);
    const byReason = this.rejectedByDeviceReason.get(deviceId) ?? new Map<RejectReason, number>();
    this.rejectedByDeviceReason.set(deviceId, byReason);
    byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  }

  rejectedCount(reason: RejectReason): number {
    return this.rejected.get(reason) ?? 0;
  }

  batch(size: number): void {
    this.commitBatches++;
    this.commitRows += size;
    if (size > this.maxCommitBatch) this.maxCommitBatch = size;
    for (let i = 0; i < BATCH_BUCKETS.length; i++) if (size <= BATCH_BUCKETS[i]!) this.batchBuckets[i]!++;
  }
}
