/** The hub's HTTP API (Hono): health, metrics, equipment, readings, alarms and device pairing. */
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { z } from "zod";
import type { Clock } from "../../shared/clock/index.ts";
import type { HubDb } from "../db/index.ts";
import { listDevices, pairDevice, pairDeviceSchema } from "../devices/index.ts";
import type { IngestMetrics, Logger } from "../ingest/index.ts";
import { listAlarms, listEquipment, readingsBetween } from "../monitoring/index.ts";
import { outboxDepth } from "../outbox/index.ts";
import type { CloudBinding, SyncAgent } from "../sync/index.ts";
import { jsonBody, notFound, onError, parse } from "./errors.ts";
import { renderMetrics } from "./metrics.ts";

export interface ApiDeps {
  db: HubDb;
  clock: Clock;
  metrics: IngestMetrics;
  log: Logger;
  devicesConnected(): number;
  /** Called after pairing so the ingest path sees the new equipment. */
  equipmentChanged(): Promise<void>;
  sync: SyncAgent;
  claim(input: { cloudUrl: string; code: string; name: string }): Promise<CloudBinding>;
}

const claimBody = z.object({
  cloudUrl: z.url(),
  code: z.string().min(6).max(64),
  name: z.string().trim().min(1).max(80).default("Outpost hub"),
});

const instant = z
  .union([z.coerce.number().int().nonnegative(), z.iso.datetime({ offset: true })])
  .transform((v) => (typeof v === "number" ? v : Date.parse(v)));

const readingsQuery = z.object({
  from: instant.optional(),
  to: instant.optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});

const alarmsQuery = z.object({ status: z.enum(["open", "cleared", "all"]).default("all") });

export function createHubApi(deps: ApiDeps): Hono {
  const { db, clock } = deps;
  const app = new Hono();
  app.use(requestId());
  app.onError(onError(deps.log));
  app.notFound(notFound);

  app.get("/healthz", async (c) =>
    c.json({ status: "ok", devicesConnected: deps.devicesConnected(), outboxDepth: await outboxDepth(db) }),
  );

  app.get("/metrics", async (c) => {
    const body = renderMetrics(deps.metrics, {
      devicesConnected: deps.devicesConnected(),
      outboxDepth: await outboxDepth(db),
    });
    return c.text(body, 200, { "content-type": "text/plain; version=0.0.4" });
  });

  app.get("/api/equipment", async (c) => c.json({ equipment: await listEquipment(db) }));

  app.get("/api/equipment/:id/readings", async (c) => {
    const q = parse(readingsQuery, c.req.query());
    const to = q.to ?? clock.now();
    const from = q.from ?? to - 24 * 3600_000;
    const rows = await readingsBetween(db, { equipmentId: c.req.param("id"), from, to, limit: q.limit });
    return c.json({ from, to, readings: rows });
  });

  app.get("/api/alarms", async (c) => {
    const { status } = parse(alarmsQuery, c.req.query());
    const filter = status === "open" ? "RAISED" : status === "cleared" ? "CLEARED" : undefined;
    return c.json({ alarms: await listAlarms(db, { status: filter }) });
  });

  app.get("/api/devices", async (c) => c.json({ devices: await listDevices(db) }));

  app.post("/api/devices", async (c) => {
    const input = parse(pairDeviceSchema, await jsonBody(c));
    const paired = await pairDevice({ db, clock }, input);
    await deps.equipmentChanged();
    return c.json(paired, 201);
  });

  app.get("/api/cloud", (c) => c.json(deps.sync.status));

  app.post("/api/cloud/claim", async (c) => {
    const input = parse(claimBody, await jsonBody(c));
    const binding = await deps.claim(input);
    return c.json({ hubId: binding.hubId, siteId: binding.siteId, cloudUrl: binding.cloudUrl }, 201);
  });

  return app;
}
