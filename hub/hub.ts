/** createHub: wires the SQLite file, the device plane, monitoring, sync and the HTTP API into one appliance. */
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { type Clock, systemClock } from "../shared/clock/index.ts";
import type { EventEnvelope } from "../shared/events/index.ts";
import { createHubApi } from "./api/index.ts";
import type { BrokerLimits } from "./broker/index.ts";
import { type OpenedDb, openDb, type Synchronous } from "./db/index.ts";
import { type DevicePlane, type DevicePlaneOptions, startDevicePlane } from "./device-plane.ts";
import { ensureHubId, getSetting, LOCAL_SITE } from "./identity.ts";
import { IngestMetrics, type Logger } from "./ingest/index.ts";
import { silentLogger } from "./log.ts";
import { ReadingRecorder } from "./monitoring/index.ts";
import { watchTime } from "./monitoring-timer.ts";
import { type CloudBinding, claimHub, SyncAgent, type SyncAgentDeps } from "./sync/index.ts";

export interface HubConfig extends Omit<DevicePlaneOptions, "limits"> {
  /** Folder holding `hub.db`; ":memory:" for a throwaway hub. */
  dataDir: string;
  /** FULL (default): an acknowledged message survives a power cut; NORMAL: only a killed process. */
  synchronous?: Synchronous;
  mqttPort: number;
  httpPort: number;
  host?: string;
  clock?: Clock;
  log?: Logger;
  /** Shorthand for `limits.maxFrameBytes`. */
  maxFrameBytes?: number;
  limits?: Partial<BrokerLimits>;
  /** Sync tuning; the agent always runs and idles until the hub is claimed. */
  sync?: Pick<SyncAgentDeps, "idleMs" | "backoff" | "fetch">;
  /** How often time-based alarm rules are evaluated (stale sensors, doors left open, escalation). */
  monitoringTickMs?: number;
}

export interface Hub {
  hubId: string;
  mqttPort: number;
  httpPort: number;
  httpUrl: string;
  mqttUrl: string;
  metrics: IngestMetrics;
  storage: OpenedDb;
  devices: DevicePlane;
  sync: SyncAgent;
  /** Claims the hub for a cloud site with a one-time code. */
  claim(input: { cloudUrl: string; code: string; name: string }): Promise<CloudBinding>;
  /** Waits until every message handed to ingest is committed. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export async function createHub(config: HubConfig): Promise<Hub> {
  const clock = config.clock ?? systemClock;
  const log = config.log ?? silentLogger;
  const storage = await openDb(config.dataDir === ":memory:" ? ":memory:" : join(config.dataDir, "hub.db"), {
    synchronous: config.synchronous,
  });
  const { db } = storage;
  const hubId = await ensureHubId(db, clock.now());
  const siteId = (await getSetting<string>(db, "siteId")) ?? LOCAL_SITE;

  const metrics = new IngestMetrics();
  const source = (): EventEnvelope["source"] => ({ siteId, hubId, module: "monitoring" });
  const recorder = new ReadingRecorder({ db, connection: storage.writer, clock, source });
  await recorder.load();

  let plane: DevicePlane;
  try {
    plane = await startDevicePlane(
      { db, connection: storage.writer, clock, log, metrics, recorder },
      {
        ...config,
        limits: {
          ...config.limits,
          ...(config.maxFrameBytes ? { maxFrameBytes: config.maxFrameBytes } : {}),
        },
      },
    );
  } catch (err) {
    storage.close();
    throw err;
  }
  const { broker } = plane;

  const sync = new SyncAgent({ db, clock, log, ...config.sync });
  const claim = (input: { cloudUrl: string; code: string; name: string }) =>
    claimHub({ db, now: clock.now(), fetch: config.sync?.fetch }, input).then((binding) => {
      sync.nudge();
      return binding;
    });

  const api = createHubApi({
    db,
    clock,
    metrics,
    log,
    gauges: () => ({
      devicesConnected: broker.connectedDevices(),
      connectionsOpen: broker.openConnections(),
      ingestQueue: plane.writer.queued,
    }),
    source,
    registryChanged: () => plane.registryChanged(),
    commandCreated: (deviceId) => plane.delivery.commandCreated(deviceId),
    sync,
    claim,
  });
  const server = serve({ fetch: api.fetch, port: config.httpPort, hostname: config.host ?? "0.0.0.0" });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", () => resolve());
    server.once("error", reject);
  });
  const httpPort = (server.address() as AddressInfo).port;
  const host = config.host && config.host !== "0.0.0.0" ? config.host : "127.0.0.1";
  sync.start();
  const monitoring = watchTime({
    clock,
    log,
    writer: plane.writer,
    db,
    everyMs: config.monitoringTickMs ?? 30_000,
  });
  log.info("hub started", { hubId, siteId, mqttPort: broker.port, httpPort });

  let closed = false;
  return {
    hubId,
    mqttPort: broker.port,
    httpPort,
    httpUrl: `http://${host}:${httpPort}`,
    mqttUrl: `mqtt://${host}:${broker.port}`,
    metrics,
    storage,
    devices: plane,
    sync,
    claim,
    drain: () => plane.writer.drain(),
    async close() {
      if (closed) return;
      closed = true;
      monitoring.stop();
      await sync.stop();
      await plane.close();
      await new Promise<void>((r) => server.close(() => r()));
      storage.close();
      log.info("hub stopped", { hubId });
    },
  };
}
