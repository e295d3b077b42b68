/** Prometheus text exposition of the hub's counters. */
import type { IngestMetrics } from "../ingest/index.ts";

export function renderMetrics(
  m: IngestMetrics,
  gauges: { devicesConnected: number; outboxDepth: number },
): string {
  const lines = [
    "# HELP outpost_devices_connected Devices with an open MQTT connection.",
    "# TYPE outpost_devices_connected gauge",
    `outpost_devices_connected ${gauges.devicesConnected}`,
    "# HELP outpost_messages_accepted_total Device messages accepted.",
    "# TYPE outpost_messages_accepted_total counter",
    `outpost_messages_accepted_total ${m.accepted}`,
    "# HELP outpost_messages_rejected_total Device messages or connections refused, by reason.",
    "# TYPE outpost_messages_rejected_total counter",
    ...[...m.rejected].map(([reason, n]) => `outpost_messages_rejected_total{reason="${reason}"} ${n}`),
    "# HELP outpost_commit_batches_total Group commits of readings.",
    "# TYPE outpost_commit_batches_total counter",
    `outpost_commit_batches_total ${m.commitBatches}`,
    `outpost_commit_rows_total ${m.commitRows}`,
    `outpost_commit_batch_max ${m.maxCommitBatch}`,
    "# HELP outpost_outbox_depth Events waiting to be synced to the cloud.",
    "# TYPE outpost_outbox_depth gauge",
    `outpost_outbox_depth ${gauges.outboxDepth}`,
  ];
  return `${lines.join("\n")}\n`;
}
