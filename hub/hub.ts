/** createHub: wires the SQLite file, the device plane, sync, the HTTP API and the module list into one appliance. */
import type { AddressInfo } from "node:net";
import { hostname, networkInterfaces } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import { type Clock, systemClock } from "../shared/clock/index.ts";
import type { EventEnvelope } from "../shared/events/index.ts";
import { createHubApi, type HubEnv } from "./api/index.ts";
import {
  type AuthDeps,
  forgetCloudSite,
  mintAdminToken,
  noteSignedCloudTime,
  SignInThrottle,
  trustedNow,
} from "./auth/index.ts";
import type { BrokerLimits } from "./broker/index.ts";
import { type OpenedDb, openDb, type Synchronous } from "./db/index.ts";
import { DesiredStateDownlink, forgetAppliedState, type HubSection } from "./desired-state/index.ts";
import { type DevicePlane, type DevicePlaneOptions, startDevicePlane } from "./device-plane.ts";
import { ensureHubId, getSetting, LOCAL_SITE } from "./identity.ts";
import { IngestMetrics, type Logger } from "./ingest/index.ts";
import { startLive } from "./live/index.ts";
import { silentLogger } from "./log.ts";
import {
  checkModules,
  deviceHooksOf,
  type HubModule,
  type HubModuleContext,
  type ModuleSettings,
  remoteActionsOf,
  runtimePartsOf,
  sectionsOf,
  startTimers,
} from "./module/index.ts";
import { HUB_MODULES } from "./modules.ts";
import { ReadingRecorder } from "./monitoring/index.ts";
import {
  type ClaimInput,
  type CloudBinding,
  claimHub,
  RemoteActionsDownlink,
  SyncAgent,
  type SyncAgentDeps,
} from "./sync/index.ts";

export interface HubConfig extends Omit<DevicePlaneOptions, "limits">, ModuleSettings {
  /** Folder holding `hub.db`; ":memory:" for a throwaway hub. */
  dataDir: string;
  /** FULL (default): an acknowledged message survives a power cut; NORMAL: only a killed process. */
  synchronous?: Synchronous;
  /** WAL checkpoints on their own thread (the default) or in the committing connection, as SQLite does. */
  checkpointThread?: boolean;
  mqttPort: number;
  httpPort: number;
  /** The interface HTTP and MQTT listen on; 127.0.0.1 unless set (see README, "Signing in at the hub"). */
  host?: string;
  /** Extra host names or addresses browsers reach the hub by (Host header check). */
  publicHosts?: string[];
  clock?: Clock;
  log?: Logger;
  /** Shorthand for `limits.maxFrameBytes`. */
  maxFrameBytes?: number;
  limits?: Partial<BrokerLimits>;
  /** Sync tuning; the agent always runs and idles until the hub is claimed. */
  sync?: Pick<SyncAgentDeps, "idleMs" | "backoff" | "fetch">;
  /** The modules this hub runs (default: hub/modules.ts). */
  modules?: readonly HubModule[];
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
  claim(input: ClaimInput): Promise<CloudBinding>;
  /** A fresh 15-minute admin token, as `npm run hub -- admin token` prints (in-process callers: npm start, tests). */
  adminToken(): Promise<string>;
  /** The desired-state sections this hub applies, in order: its own, then each module's. */
  sections: readonly HubSection[];
  /** The HTTP app (routes walked by the auth tests). */
  api: Hono<HubEnv>;
  /** Waits until every message handed to ingest is committed. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Loopback unless configured: a hub exposed to the LAN is a decision, stated with `--host`. */
export const DEFAULT_HOST = "127.0.0.1";

/** Names the Host header may carry: loopback, this machine's name and addresses, and configured ones. */
function hostNamesOf(config: Pick<HubConfig, "host" | "publicHosts">): ReadonlySet<string> {
  const names = new Set([
    "localhost",
    "127.0.0.1",
    "[::1]",
    hostname().toLowerCase(),
    `${hostname().toLowerCase()}.local`,
  ]);
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) names.add(a.family === "IPv6" ? `[${a.address.toLowerCase()}]` : a.address);
  }
  if (config.host)
    names.add(config.host.includes(":") ? `[${config.host.toLowerCase()}]` : config.host.toLowerCase());
  for (const h of config.publicHosts ?? []) names.add(h.trim().toLowerCase());
  return names;
}

export async function createHub(config: HubConfig): Promise<Hub> {
  const clock = config.clock ?? systemClock;
  const log = config.log ?? silentLogger;
  // The module list is checked before anything opens: a clash (a name, section, action kind or telemetry
  // claim declared twice) stops here.
  const modules = config.modules ?? HUB_MODULES;
  checkModules(modules);
  const sections = sectionsOf(modules);
  const handlers = remoteActionsOf(modules);
  const storage = await openDb(config.dataDir === ":memory:" ? ":memory:" : join(config.dataDir, "hub.db"), {
    synchronous: config.synchronous,
    checkpointThread: config.checkpointThread ?? true,
  });
  const { db } = storage;
  const hubId = await ensureHubId(db, clock.now());
  const siteId = (await getSetting<string>(db, "siteId")) ?? LOCAL_SITE;

  const metrics = new IngestMetrics();
  // Each module's events name the module itself as their source.
  const sourceOf = (module: HubModule["name"]): EventEnvelope["source"] => ({ siteId, hubId, module });
  const hooks = deviceHooksOf(modules, sourceOf);
  // Monitoring's readings are the device plane's fast path: group-committed with their alarm rules.
  const recorder = new ReadingRecorder({
    db,
    connection: storage.writer,
    clock,
    source: () => sourceOf("monitoring"),
  });
  await recorder.load();

  let plane: DevicePlane;
  try {
    plane = await startDevicePlane(
      { db, connection: storage.writer, clock, log, metrics, recorder, hooks },
      {
        ...config,
        host: config.host ?? DEFAULT_HOST,
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
  const contextOf = (module: HubModule): HubModuleContext => ({
    db,
    clock,
    log,
    settings: {
      monitoringTickMs: config.monitoringTickMs,
      heatingTickMs: config.heatingTickMs,
      rollupGraceMs: config.rollupGraceMs,
      latestEveryMs: config.latestEveryMs,
      retention: config.retention,
    },
    source: () => sourceOf(module.name),
    writer: plane.writer,
    registryChanged: () => plane.registryChanged(),
    devicesChanged: () => plane.devicesChanged(),
    commandCreated: (deviceId) => plane.delivery.commandCreated(deviceId),
  });
  const parts = runtimePartsOf(modules, contextOf);

  // The cloud's signed time, verified, moves the hub's last-known-good time forward (tokens are never
  // checked earlier), and the hub dates its own sync tokens by it: a clock booted in the past still syncs.
  const cloudCalls = {
    clock,
    fetch: config.sync?.fetch,
    signingNow: () => trustedNow(db, clock),
    onSignedTime: (jws: string, binding: { hubId: string }) =>
      noteSignedCloudTime(db, jws, binding.hubId, clock),
  };
  const desiredState = new DesiredStateDownlink({
    ...cloudCalls,
    db,
    log,
    sections,
    changed: () => plane.registryChanged(),
  });
  const actions = new RemoteActionsDownlink({
    ...cloudCalls,
    db,
    log,
    handlers,
    source: sourceOf,
  });
  const sync = new SyncAgent({
    db,
    clock,
    log,
    ...config.sync,
    signingNow: cloudCalls.signingNow,
    onSignedTime: cloudCalls.onSignedTime,
    downlinks: [desiredState, actions],
    producers: parts.producers,
  });
  const claim = (input: ClaimInput) =>
    claimHub({ db, now: clock.now(), fetch: config.sync?.fetch }, input).then(async (binding) => {
      // A new binding starts from a blank cloud view: the old site's keys, members and document go.
      await forgetCloudSite(db);
      await forgetAppliedState(db);
      sync.nudge();
      return binding;
    });

  const auth: AuthDeps = { db, clock, hubId, throttle: new SignInThrottle(clock) };
  const api = createHubApi({
    db,
    metrics,
    log,
    gauges: () => ({
      devicesConnected: broker.connectedDevices(),
      connectionsOpen: broker.openConnections(),
      ingestQueue: plane.writer.queued,
    }),
    sync,
    claim,
    auth,
    hostNames: hostNamesOf(config),
    routes: parts.routes,
  });
  const server = serve({ fetch: api.fetch, port: config.httpPort, hostname: config.host ?? DEFAULT_HOST });
  await new Promise<void>((resolve, reject) => {
    server.once("listening", () => resolve());
    server.once("error", reject);
  });
  const httpPort = (server.address() as AddressInfo).port;
  // The console's live socket: served beside the API, fed by every ingest commit and every API write.
  const live = startLive({ server, api, db, log, clock });
  plane.writer.onCommitted(() => live.feed.publish());
  const host = config.host && config.host !== "0.0.0.0" ? config.host : "127.0.0.1";
  sync.start();
  const timers = startTimers(parts.timers, log, clock);
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
    sections,
    adminToken: async () => mintAdminToken(db, hubId, await trustedNow(db, clock)),
    api,
    drain: () => plane.writer.drain(),
    async close() {
      if (closed) return;
      closed = true;
      await timers.stop();
      await sync.stop();
      await plane.close();
      await live.close();
      await new Promise<void>((r) => server.close(() => r()));
      storage.close();
      log.info("hub stopped", { hubId });
    },
  };
}
