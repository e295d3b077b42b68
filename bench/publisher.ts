/**
 * Bench publisher, run as a child process so that it does not share a CPU core's event loop with
 * the broker under test. Simulated devices publish QoS 1 CBOR telemetry, either keeping a window
 * of messages in flight per device (throughput) or at a fixed total rate (latency).
 * Talks to bench/run.ts over IPC: it receives one PublisherJob and sends back one PublisherResult.
 */
import mqtt, { type MqttClient } from "mqtt";
import { deviceTopic, encodePayload } from "../shared/protocol/index.ts";

export interface PublisherJob {
  url: string;
  devices: { id: string; secret: string }[];
  /** "window": `window` messages in flight per device; "paced": `rate` messages a second in all; "idle": connect and wait. */
  mode: "window" | "paced" | "idle";
  window?: number;
  rate?: number;
  warmupMs?: number;
  durationMs?: number;
  /** Publish retained status and birth and subscribe to commands after connecting, as the SDK does. */
  announce?: boolean;
  /** Every `excursionEvery`-th message of a device is far out of range (an alarm), the rest in range. */
  excursionEvery?: number;
}

export interface PublisherResult {
  connected: number;
  acked: number;
  measuredMs: number;
  perSecond: number;
  latencyMs: { all: number[]; excursions: number[] };
  errors: number;
}

async function connectAll(job: PublisherJob): Promise<MqttClient[]> {
  const clients: MqttClient[] = new Array(job.devices.length);
  let next = 0;
  // A few connections at a time, as devices coming back after a power cut would.
  const worker = async () => {
    while (next < job.devices.length) {
      const i = next++;
      const d = job.devices[i]!;
      const c = await mqtt.connectAsync(job.url, {
        clientId: d.id,
        username: d.id,
        password: d.secret,
        reconnectPeriod: 0,
        connectTimeout: 20_000,
        keepalive: 60,
      });
      if (job.announce) {
        const birth = { kind: "FRIDGE", model: "BENCH", firmware: "1.0.0", capabilities: ["temperature"] };
        await c.publishAsync(deviceTopic(d.id, "status"), Buffer.from(encodePayload({ status: "online" })), {
          qos: 1,
          retain: true,
        });
        await c.publishAsync(deviceTopic(d.id, "birth"), Buffer.from(encodePayload(birth)), {
          qos: 1,
          retain: true,
        });
        await c.subscribeAsync(deviceTopic(d.id, "cmd"), { qos: 1 });
      }
      clients[i] = c;
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  return clients;
}

async function run(job: PublisherJob): Promise<PublisherResult> {
  const clients = await connectAll(job);
  const result: PublisherResult = {
    connected: clients.length,
    acked: 0,
    measuredMs: 0,
    perSecond: 0,
    latencyMs: { all: [], excursions: [] },
    errors: 0,
  };
  if (job.mode === "idle") return result;

  const warmup = job.warmupMs ?? 1000;
  const duration = job.durationMs ?? 5000;
  const start = performance.now();
  const measureFrom = start + warmup;
  const end = measureFrom + duration;
  const seq = clients.map(() => 0);
  let stopped = false;

  const lastTs: number[] = job.devices.map(() => 0);
  const publish = (i: number, done?: () => void) => {
    const n = seq[i]!++;
    const excursion = job.excursionEvery !== undefined && n % job.excursionEvery === job.excursionEvery - 1;
    // Device time strictly increasing per device, as firmware stamps it.
    const ts = Math.max(Date.now(), lastTs[i]! + 1);
    lastTs[i] = ts;
    const payload = encodePayload({
      ts,
      temperature: excursion ? 12 + (n % 7) : 3 + (n % 10) / 10,
    });
    const sentAt = performance.now();
    clients[i]!.publish(
      deviceTopic(job.devices[i]!.id, "telemetry"),
      Buffer.from(payload),
      { qos: 1 },
      (err) => {
        const now = performance.now();
        if (err) result.errors++;
        else if (sentAt >= measureFrom && now <= end) {
          result.acked++;
          if (job.mode === "paced") {
            result.latencyMs.all.push(now - sentAt);
            if (excursion) result.latencyMs.excursions.push(now - sentAt);
          }
        }
        done?.();
      },
    );
  };

  if (job.mode === "window") {
    clients.forEach((_, i) => {
      const loop = () => {
        if (!stopped) publish(i, loop);
      };
      for (let k = 0; k < (job.window ?? 16); k++) loop();
    });
  } else {
    // Paced: a tick every 5 ms sends its share of the total rate, round-robin over the devices.
    const perTick = (job.rate ?? 1000) / 200;
    let owed = 0;
    let turn = 0;
    const timer = setInterval(() => {
      owed += perTick;
      for (; owed >= 1; owed--) publish(turn++ % clients.length);
    }, 5);
    setTimeout(() => clearInterval(timer), warmup + duration);
  }
  await new Promise((r) => setTimeout(r, warmup + duration));
  stopped = true;
  result.measuredMs = duration;
  result.perSecond = (result.acked / duration) * 1000;
  // Let in-flight messages land before disconnecting, so the broker is not measured mid-teardown.
  await new Promise((r) => setTimeout(r, 300));
  await Promise.all(clients.map((c) => c.endAsync(true)));
  return result;
}

process.once("message", (job: PublisherJob) => {
  run(job).then(
    (r) => {
      // process.send is asynchronous: exit only once the result is on its way.
      process.send!(r, () => {
        if (job.mode !== "idle") process.exit(0);
      });
    },
    (err) => {
      process.stderr.write(`publisher failed: ${String(err)}\n`);
      process.exit(1);
    },
  );
});
