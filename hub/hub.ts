/** createHub: wires the SQLite file, the broker, ingest, monitoring and the HTTP API into one appliance. */
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { type Clock, systemClock } from "../shared/clock/index.ts";
import { createHubApi } from "./api/index.ts";
import { type Broker, startBroker } from "./broker/index.ts";
import { type OpenedDb, openDb } from "./db/index.ts";
import { ensureHubId, getSetting, LOCAL_SITE } from "./identity.ts";
import { dispatch, GroupCommitter, type IngestContext, IngestMetrics, type Logger } from "./ingest/index.ts";
import { silentLogger } from "./log.ts";
import { type ReadingInput, ReadingRecorder } from "./monitoring/index.ts";
import { type CloudBinding, claimHub, SyncAgent, type SyncAgentDeps } from "./sync/index.ts";

export interface HubConfig {
  /** Folder holding `hub.db`; ":memory:" for a throwaway hub. */
  dataDir: string;
  mqttPort: number;
  httpPort: number;
  host?: string;
  clock?: Clock;
  log?: Logger;
  maxFrameBytes?: number;
  maxCommitBatch?: number;
  /** Sync tuning; the agent always runs and idles until the hub is claimed. */
  sync?: Pick<SyncAgentDeps, "idleMs" | "backoff" | "fetch">;
}

export interface Hub {
  hubId: string;
  mqttPort: number;
  httpPort: number;
  httpUrl: string;
  mqttUrl: string;
  metrics: IngestMetrics;
  storage: OpenedDb;
  sync: SyncAgent;
  /** Claims the hub for a cloud site with a one-time code. */
  claim(input: { cloudUrl: string; code: string; name: string }): Promise<CloudBinding>;
  /** Waits until every reading handed to ingest is committed. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export async function createHub(config: HubConfig): Promise<Hub> {
  const clock = config.clock ?? systemClock;
  const log = config.log ?? silentLogger;
  const storage = await openDb(config.dataDir === ":memory:" ? ":memory:" : join(config.dataDir, "hub.db"));
  const { db } = storage;
  const hubId = await ensureHubId(db, clock.now());
  const siteId = (await getSetting<string>(db, "siteId")) ?? LOCAL_SITE;

  const metrics = new IngestMetrics();
  const recorder = new ReadingRecorder({
    db,
    clock,
    source: () => ({ siteId, hubId, module: "monitoring" }),
  });
  await recorder.load();
  const readings = new GroupCommitter<ReadingInput>((batch) => recorder.record(batch), {
    maxBatch: config.maxCommitBatch ?? 500,
    onBatch: (n) => metrics.batch(n),
  });
  const ctx: IngestContext = { db, clock, recorder, readings, metrics, log };

  let broker: Broker;
  try {
    broker = await startBroker({
      db,
      clock,
      metrics,
      log,
      port: config.mqttPort,
      host: config.host,
      maxFrameBytes: config.maxFrameBytes,
      ingest: (deviceId, topic, payload) => dispatch(ctx, deviceId, topic, payload),
    });
  } catch (err) {
    storage.close();
    throw err;
  }

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
    devicesConnected: () => broker.connectedDevices(),
    equipmentChanged: () => recorder.load(),
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
    sync,
    claim,
    drain: () => readings.drain(),
    async close() {
      if (closed) return;
      closed = true;
      await sync.stop();
      await broker.close();
      await readings.drain();
      await new Promise<void>((r) => server.close(() => r()));
      storage.close();
      log.info("hub stopped", { hubId });
    },
  };
}
