/** The analytics module's manifest: per-site per-day aggregates fed by idempotent consumers, and every module's analytics rows. */

import type { AnalyticsMetric, AnalyticsRecorder } from "../module/index.ts";
import { defineCloudModule } from "../module/index.ts";
import { type AnalyticsDb, type AnalyticsDeps, recordFacts } from "./facts.ts";
import { applyFoodSafety, FOOD_SAFETY_PATTERNS } from "./food-safety.ts";
import { analyticsHttp } from "./http.ts";
import { applyOutage, OUTAGE_PATTERNS } from "./outages.ts";
import * as schema from "./schema.ts";

declare module "../module/index.ts" {
  interface CloudServices {
    analytics: AnalyticsRecorder;
  }
}

export interface AnalyticsModuleDeps extends AnalyticsDeps {
  sitesOf: (userId: string) => Promise<{ id: string; name: string; timeZone: string }[]>;
  organisationsOf: (userId: string) => Promise<{ id: string; name: string; timeZone: string }[]>;
  metrics: () => AnalyticsMetric[];
}

// Zones change rarely; bulk rollups must not ask sites for each one.
const ZONE_TTL_MS = 10 * 60_000;

export const analyticsModule = defineCloudModule({
  name: "analytics",
  database: {
    binding: "ANALYTICS_DB",
    name: "outpost-analytics",
    migrations: "cloud/analytics/migrations",
    schema,
  },
  deps(ctx): AnalyticsModuleDeps {
    const zones = new Map<string, { zone: string; at: number }>();
    return {
      db: ctx.db as AnalyticsDb,
      clock: ctx.clock,
      timeZone: async (siteId) => {
        const now = ctx.clock.now();
        const hit = zones.get(siteId);
        if (hit && now - hit.at < ZONE_TTL_MS) return hit.zone;
        const zone = (await ctx.service("sites").siteInfo(siteId))?.timeZone ?? "UTC";
        zones.set(siteId, { zone, at: now });
        return zone;
      },
      sitesOf: (userId) => ctx.service("sites").sitesOf(userId),
      // Organisations live in bookings; a build without it has none.
      organisationsOf: async (userId) =>
        ctx.analyticsSources().some((s) => s.module === "bookings")
          ? ctx.service("bookings").organisationsOf(userId)
          : [],
      metrics: () => ctx.analyticsSources().flatMap((s) => [...s.metrics]),
    };
  },
  services: (deps): AnalyticsRecorder => ({
    record: (consumer, event, facts) => recordFacts(deps, consumer, event, facts),
  }),
  routes: (deps, { requireUser }) => [analyticsHttp({ ...deps, requireUser })],
  consumers: [
    {
      name: "analytics.food-safety",
      patterns: FOOD_SAFETY_PATTERNS,
      handle: (event, deps) => applyFoodSafety(deps, event),
    },
    {
      name: "analytics.uptime",
      patterns: OUTAGE_PATTERNS,
      handle: (event, deps) => applyOutage(deps, event),
    },
  ],
});
