/** The marketplace module's manifest: providers, requests, bids, work orders, visits from hubs, support tickets. */

import { defineCloudModule } from "../module/index.ts";
import { MARKETPLACE_ANALYTICS } from "./analytics.ts";
import { requestFromAlarm, requestFromCompressor } from "./auto-requests.ts";
import type { MarketplaceDb, MarketplaceDeps } from "./deps.ts";
import { marketplaceHttp } from "./http.ts";
import { MARKETPLACE_NOTIFICATIONS } from "./notifications.ts";
import { markPaid, workOrderPayables } from "./payment.ts";
import * as schema from "./schema.ts";
import { codesForOrders } from "./technician-codes.ts";
import { applyVisitEvent } from "./visits.ts";
import { openOrdersOfSite } from "./work-orders.ts";

export const marketplaceModule = defineCloudModule({
  name: "marketplace",
  notifications: MARKETPLACE_NOTIFICATIONS,
  analytics: MARKETPLACE_ANALYTICS,
  database: {
    binding: "MARKETPLACE_DB",
    name: "outpost-marketplace",
    migrations: "cloud/marketplace/migrations",
    schema,
  },
  deps: (ctx): MarketplaceDeps => ({
    db: ctx.db as MarketplaceDb,
    clock: ctx.clock,
    bus: ctx.bus,
    blobs: ctx.platform.blobs,
    memberRole: (siteId, userId) => ctx.service("sites").roleOf(siteId, userId),
    siteMembers: (siteId) => ctx.service("sites").siteMembers(siteId),
    siteInfo: (siteId) => ctx.service("sites").siteInfo(siteId),
    equipment: (siteId) => ctx.service("sites").equipment(siteId),
    people: (userIds) => ctx.service("accounts").people(userIds),
  }),
  routes: (deps, { requireUser }) => [marketplaceHttp({ ...deps, requireUser })],
  consumers: [
    {
      name: "marketplace.alarms",
      patterns: ["equipment.alarm.escalated"],
      handle: (e, deps) => requestFromAlarm(deps, e),
    },
    {
      name: "marketplace.compressors",
      patterns: ["equipment.compressor.degrading"],
      handle: (e, deps) => requestFromCompressor(deps, e),
    },
    {
      name: "marketplace.visits",
      patterns: ["service.visit.*"],
      handle: (e, deps) => applyVisitEvent(deps, e),
    },
    { name: "marketplace.payments", patterns: ["payment.succeeded"], handle: (e, deps) => markPaid(deps, e) },
  ],
  outbox: schema.outbox,
  desiredState: [{ section: "service", version: 1, produce: (deps, siteId) => produceService(deps, siteId) }],
  payables: (deps) => [workOrderPayables(deps)],
});

/** The hub's `service` section: the site's open work orders, the technicians allowed in, their sign-in codes. */
async function produceService(deps: MarketplaceDeps, siteId: string) {
  const workOrders = await openOrdersOfSite(deps, siteId);
  return { workOrders, signInCodes: await codesForOrders(deps, workOrders) };
}
