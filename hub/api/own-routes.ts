/** The hub's own routes, not a module's: health, metrics, sign-in (C1) and the cloud binding. */
import { Hono } from "hono";
import { z } from "zod";
import type { AuthDeps } from "../auth/index.ts";
import { pendingCommandCount } from "../commands/index.ts";
import type { HubDb } from "../db/index.ts";
import type { IngestMetrics } from "../ingest/index.ts";
import { outboxDepth } from "../outbox/index.ts";
import { type ClaimInput, type CloudBinding, getCloudBinding, type SyncAgent } from "../sync/index.ts";
import { authRoutes } from "./auth-routes.ts";
import { allow, type HubEnv } from "./guard.ts";
import { type LiveGauges, renderMetrics } from "./metrics.ts";

export interface OwnRoutesDeps {
  db: HubDb;
  metrics: IngestMetrics;
  /** Gauges read from the running broker and writer. */
  gauges(): LiveGauges;
  sync: SyncAgent;
  claim(input: ClaimInput): Promise<CloudBinding>;
  auth: AuthDeps;
}

const claimBody = z.object({
  cloudUrl: z.url(),
  code: z.string().min(6).max(64),
  name: z.string().trim().min(1).max(80).default("Outpost hub"),
  /** A claimed hub keeps its binding unless the caller asks to replace it. */
  replace: z.boolean().default(false),
});

/** Chained, so the console's client is typed by these routes (`HubOwnRoutes`). */
export function hubOwnRoutes(deps: OwnRoutesDeps) {
  const { db } = deps;
  return (
    new Hono<HubEnv>()
      .get("/healthz", allow("public"), async (c) =>
        c.json({
          status: "ok",
          devicesConnected: deps.gauges().devicesConnected,
          outboxDepth: await outboxDepth(db),
        }),
      )
      .get("/metrics", allow("scrape"), async (c) => {
        const body = renderMetrics(deps.metrics, {
          ...deps.gauges(),
          outboxDepth: await outboxDepth(db),
          commandsPending: await pendingCommandCount(db),
          sync: deps.sync.status,
        });
        return c.text(body, 200, { "content-type": "text/plain; version=0.0.4" });
      })
      .route("/api/auth", authRoutes(deps.auth))
      // The sync status, and which cloud and site the hub is bound to (no key material).
      .get("/api/cloud", allow("read"), async (c) => {
        const binding = await getCloudBinding(db);
        return c.json({
          ...deps.sync.status,
          hubId: binding?.hubId ?? null,
          siteId: binding?.siteId ?? null,
          cloudUrl: binding?.cloudUrl ?? null,
        });
      })
      .post("/api/cloud/claim", allow("admin", { json: claimBody }), async (c) => {
        const binding = await deps.claim(c.req.valid("json"));
        return c.json({ hubId: binding.hubId, siteId: binding.siteId, cloudUrl: binding.cloudUrl }, 201);
      })
  );
}

/** The hub's own routes as a type, for the console's client. */
export type HubOwnRoutes = ReturnType<typeof hubOwnRoutes>;
