/** Sites HTTP routes for signed-in users: create and list sites, claim codes, equipment and alarms. */
import { Hono } from "hono";
import { z } from "zod";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { type AppEnv, currentUser, type RequireUser, readJson } from "../http/index.ts";
import { createClaimCode } from "./claim.ts";
import type { SiteLedgers } from "./ledger/types.ts";
import { listAlarms, listEquipment, listEvents } from "./read.ts";
import { createSite, createSiteSchema, listSitesOf, type SitesDb } from "./sites.ts";

export interface SitesHttpDeps {
  db: SitesDb;
  ledgers: SiteLedgers;
  clock: Clock;
  requireUser: RequireUser;
}

const alarmQuery = z.object({ status: z.enum(["open", "all"]).default("open") });
const eventQuery = z.object({
  hubId: z.string().min(1).max(64).optional(),
  afterSeq: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

export function sitesHttp(deps: SitesHttpDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use("/v1/sites", deps.requireUser);
  app.use("/v1/sites/*", deps.requireUser);

  app.post("/v1/sites", async (c) => {
    const { name } = await readJson(c, createSiteSchema);
    return c.json(await createSite(deps, { userId: currentUser(c).id, name }), 201);
  });

  app.get("/v1/sites", async (c) => c.json({ sites: await listSitesOf(deps, currentUser(c).id) }));

  app.post("/v1/sites/:siteId/claim-codes", async (c) => {
    const code = await createClaimCode(deps, { siteId: c.req.param("siteId"), userId: currentUser(c).id });
    return c.json(code, 201);
  });

  app.get("/v1/sites/:siteId/equipment", async (c) => {
    const input = { siteId: c.req.param("siteId"), userId: currentUser(c).id };
    return c.json({ equipment: await listEquipment(deps, input) });
  });

  app.get("/v1/sites/:siteId/alarms", async (c) => {
    const query = alarmQuery.safeParse(c.req.query());
    if (!query.success) throw new AppError("VALIDATION_ERROR", "invalid query", query.error.issues);
    const input = { siteId: c.req.param("siteId"), userId: currentUser(c).id, filter: query.data.status };
    return c.json({ alarms: await listAlarms(deps, input) });
  });

  app.get("/v1/sites/:siteId/events", async (c) => {
    const query = eventQuery.safeParse(c.req.query());
    if (!query.success) throw new AppError("VALIDATION_ERROR", "invalid query", query.error.issues);
    const input = { siteId: c.req.param("siteId"), userId: currentUser(c).id, query: query.data };
    return c.json({ events: await listEvents(deps, input) });
  });

  return app;
}
