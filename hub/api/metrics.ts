/** Prometheus text exposition (format 0.0.4) of the hub's counters and gauges. */
import { BATCH_BUCKETS, type IngestMetrics } from "../ingest/index.ts";

export interface LiveGauges {
  devicesConnected: number;
  connectionsOpen: number;
  /** Writes waiting for the next group commit. */
  ingestQueue: number;
}

export interface Gauges extends LiveGauges {
  outboxDepth: number;
  commandsPending: number;
  /** From the sync agent: a claimed hub whose last round failed or made no progress is not healthy. */
  sync: { claimed: boolean; healthy: boolean; consecutiveFailures: number };
}

// Label values are device ids and fixed reasons; escaping per the exposition format anyway.
const label = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");

function family(name: string, type: "counter" | "gauge" | "histogram", help: string, samples: string[]) {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples];
}

export function renderMetrics(m: IngestMetrics, g: Gauges): string {
  const byDevice: string[] = [];
  for (const [device, reasons] of m.rejectedByDeviceReason) {
    for (const [reason, n] of reasons) {
      byDevice.push(
        `outpost_device_messages_rejected_total{device="${label(device)}",reason="${reason}"} ${n}`,
      );
    }
  }
  const lines = [
    ...family("outpost_devices_connected", "gauge", "Devices with an open MQTT connection.", [
      `outpost_devices_connected ${g.devicesConnected}`,
    ]),
    ...family("outpost_connections_open", "gauge", "Open MQTT TCP connections, authenticated or not.", [
      `outpost_connections_open ${g.connectionsOpen}`,
    ]),
    ...family("outpost_messages_accepted_total", "counter", "Device messages accepted, by channel.", [
      ...[...m.acceptedByChannel].map(([ch, n]) => `outpost_messages_accepted_total{channel="${ch}"} ${n}`),
    ]),
    ...family(
      "outpost_messages_rejected_total",
      "counter",
      "Device messages or connections refused, by reason.",
      [...m.rejected].map(([reason, n]) => `outpost_messages_rejected_total{reason="${reason}"} ${n}`),
    ),
    ...family(
      "outpost_device_messages_rejected_total",
      "counter",
      "Refused messages per device and reason.",
      byDevice,
    ),
    ...family("outpost_messages_throttled_total", "counter", "Messages delayed by a device's rate limit.", [
      `outpost_messages_throttled_total ${m.throttled}`,
    ]),
    ...family("outpost_commit_batch_size", "histogram", "Writes per group commit (one transaction each).", [
      ...BATCH_BUCKETS.map((le, i) => `outpost_commit_batch_size_bucket{le="${le}"} ${m.batchBuckets[i]}`),
      `outpost_commit_batch_size_bucket{le="+Inf"} ${m.commitBatches}`,
      `outpost_commit_batch_size_sum ${m.commitRows}`,
      `outpost_commit_batch_size_count ${m.commitBatches}`,
    ]),
    ...family("outpost_commit_batch_max", "gauge", "Largest group commit so far.", [
      `outpost_commit_batch_max ${m.maxCommitBatch}`,
    ]),
    ...family("outpost_ingest_queue_depth", "gauge", "Writes waiting for the next group commit.", [
      `outpost_ingest_queue_depth ${g.ingestQueue}`,
    ]),
    ...family("outpost_outbox_depth", "gauge", "Events waiting to be synced to the cloud.", [
      `outpost_outbox_depth ${g.outboxDepth}`,
    ]),
    ...family(
      "outpost_sync_healthy",
      "gauge",
      "1 when the last sync round made progress (0 unclaimed or failing).",
      [`outpost_sync_healthy ${g.sync.healthy ? 1 : 0}`],
    ),
    ...family(
      "outpost_sync_consecutive_failures",
      "gauge",
      "Sync rounds failed or without progress in a row.",
      [`outpost_sync_consecutive_failures ${g.sync.consecutiveFailures}`],
    ),
    ...family("outpost_commands_pending", "gauge", "Commands QUEUED or SENT, waiting for their device.", [
      `outpost_commands_pending ${g.commandsPending}`,
    ]),
    ...family("outpost_commands_sent_total", "counter", "Command deliveries, redeliveries included.", [
      `outpost_commands_sent_total ${m.commandsSent}`,
    ]),
  ];
  return `${lines.join("\n")}\n`;
}
