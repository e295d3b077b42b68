/** The hub's HTTP API (Hono): the hub's own routes (sign-in, health, metrics, cloud claim), then every module's. */
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { z } from "zod";
import type { AuthDeps } from "../auth/index.ts";
import { pendingCommandCount } from "../commands/index.ts";
import { consoleRoutes } from "../console/serve.ts";
import type { HubDb } from "../db/index.ts";
import type { IngestMetrics, Logger } from "../ingest/index.ts";
import type { HubRoute } from "../module/index.ts";
import { outboxDepth } from "../outbox/index.ts";
import type { ClaimInput, CloudBinding, SyncAgent } from "../sync/index.ts";
import { authRoutes } from "./auth-routes.ts";
import { bodyLimit } from "./body.ts";
import { jsonBody, notFound, onError, parse } from "./errors.ts";
import { allow, guard, type HubEnv } from "./guard.ts";
import { type LiveGauges, renderMetrics } from "./metrics.ts";

/** What the hub's own routes need; modules bring their routes ready-made (`routes`), so this does not grow. */
export interface ApiDeps {
  db: HubDb;
  metrics: IngestMetrics;
  log: Logger;
  /** Gauges read from the running broker and writer. */
  gauges(): LiveGauges;
  sync: SyncAgent;
  claim(input: ClaimInput): Promise<CloudBinding>;
  auth: AuthDeps;
  /** Host names and addresses the hub answers to (lower case; IPv6 in brackets). */
  hostNames: ReadonlySet<string>;
  /** Every module's routes (their manifests' `routes(ctx)`), each with the role it requires. */
  routes: readonly HubRoute[];
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
  // Before anything else reads the request, the console's static files included.
  app.use(bodyLimit());
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

  app.get("/api/cloud", allow("read"), (c) => c.json(deps.sync.status));

  app.post("/api/cloud/claim", allow("admin"), async (c) => {
    const input = parse(claimBody, await jsonBody(c));
    const binding = await deps.claim(input);
    return c.json({ hubId: binding.hubId, siteId: binding.siteId, cloudUrl: binding.cloudUrl }, 201);
  });

  // The role goes first among the route's handlers, where the guard looks for it.
  for (const r of deps.routes) app.on(r.method.toUpperCase(), r.path, allow(r.role), r.handler);

  // The technician console (static files, SPA fallback); after every API route so it never shadows one.
  app.route("/", consoleRoutes());

  return app;
}
