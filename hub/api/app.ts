/** The hub's HTTP API (Hono): sign-in, health, metrics, equipment, readings, alarms, devices and cloud claim. */
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { z } from "zod";
import type { Clock } from "../../shared/clock/index.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import type { AuthDeps } from "../auth/index.ts";
import { pendingCommandCount } from "../commands/index.ts";
import { consoleRoutes } from "../console/serve.ts";
import type { HubDb } from "../db/index.ts";
import type { IngestMetrics, Logger } from "../ingest/index.ts";
import { outboxDepth } from "../outbox/index.ts";
import type { ClaimInput, CloudBinding, SyncAgent } from "../sync/index.ts";
import { authRoutes } from "./auth-routes.ts";
import { deviceRoutes } from "./devices-routes.ts";
import { jsonBody, notFound, onError, parse } from "./errors.ts";
import { allow, guard, type HubEnv } from "./guard.ts";
import { type LiveGauges, renderMetrics } from "./metrics.ts";
import { monitoringRoutes } from "./monitoring-routes.ts";

export interface ApiDeps {
  db: HubDb;
  clock: Clock;
  metrics: IngestMetrics;
  log: Logger;
  /** Gauges read from the running broker and writer. */
  gauges(): LiveGauges;
  /** Applies a registry change now: new equipment seen by ingest, revoked sessions ended. */
  registryChanged(): Promise<void>;
  /** Applies a device registry change (pairing, revocation, rotation) now, touching only that device. */
  devicesChanged(): Promise<void>;
  /** Sends a new command at once when its device is listening. */
  commandCreated(deviceId: string): Promise<void>;
  /** The source stamped on events the API records (alarm acknowledgements and closures). */
  source: () => EventEnvelope["source"];
  sync: SyncAgent;
  claim(input: ClaimInput): Promise<CloudBinding>;
  auth: AuthDeps;
  /** Host names and addresses the hub answers to (lower case; IPv6 in brackets). */
  hostNames: ReadonlySet<string>;
}

const claimBody = z.object({
  cloudUrl: z.url(),
  code: z.string().min(6).max(64),
  name: z.string().trim().min(1).max(80).default("Outpost hub"),
  /** A claimed hub keeps its binding unless the caller asks to replace it. */
  replace: z.boolean().default(false),
});

export function createHubApi(deps: ApiDeps): Hono<HubEnv> {
  const { db } = deps;
  const app = new Hono<HubEnv>();
  app.use(requestId());
  app.onError(onError(deps.log));
  app.notFound(notFound);
  app.use(guard({ auth: deps.auth, hostNames: deps.hostNames }));

  app.get("/healthz", allow("public"), async (c) =>
    c.json({
      status: "ok",
      devicesConnected: deps.gauges().devicesConnected,
      outboxDepth: await outboxDepth(db),
    }),
  );

  app.get("/metrics", allow("scrape"), async (c) => {
    const body = renderMetrics(deps.metrics, {
      ...deps.gauges(),
      outboxDepth: await outboxDepth(db),
      commandsPending: await pendingCommandCount(db),
      sync: deps.sync.status,
    });
    return c.text(body, 200, { "content-type": "text/plain; version=0.0.4" });
  });

  app.route("/api/auth", authRoutes(deps.auth));
  app.route("/api", monitoringRoutes(deps));
  app.route("/api/devices", deviceRoutes(deps));

  app.get("/api/cloud", allow("read"), (c) => c.json(deps.sync.status));

  app.post("/api/cloud/claim", allow("admin"), async (c) => {
    const input = parse(claimBody, await jsonBody(c));
    const binding = await deps.claim(input);
    return c.json({ hubId: binding.hubId, siteId: binding.siteId, cloudUrl: binding.cloudUrl }, 201);
  });

  // The technician console (static files, SPA fallback); after every API route so it never shadows one.
  app.route("/", consoleRoutes());

  return app;
}
