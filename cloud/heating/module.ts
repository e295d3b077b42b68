/**
 * The heating module's cloud manifest. Its own database holds each site's rooms and schedules: they are the
 * owner's configuration, edited in the owner app and sent to the hub as the `heating` desired-state section;
 * set points and boosts from afar go through the sites module's remote-action queue (the hub applies each once).
 */

import { defineCloudModule } from "../module/index.ts";
import { HEATING_ANALYTICS } from "./analytics.ts";
import { heatingHttp } from "./http.ts";
import { projectRoomStatus } from "./live.ts";
import { HEATING_NOTIFICATIONS } from "./notifications.ts";
import { type HeatingDb, type HeatingDeps, heatingSectionOf } from "./rooms.ts";
import * as schema from "./schema.ts";

export const heatingCloudModule = defineCloudModule({
  name: "heating",
  notifications: HEATING_NOTIFICATIONS,
  analytics: HEATING_ANALYTICS,
  database: {
    binding: "HEATING_DB",
    name: "outpost-heating",
    migrations: "cloud/heating/migrations",
    schema,
  },
  deps: (ctx): HeatingDeps => ({
    db: ctx.db as HeatingDb,
    clock: ctx.clock,
    sites: () => ctx.service("sites"),
  }),
  routes: (deps, { requireUser }) => [heatingHttp({ ...deps, requireUser })],
  consumers: [
    {
      name: "heating.live",
      patterns: ["heating.room.status"],
      handle: (event, deps) => projectRoomStatus(deps, event),
    },
  ],
  desiredState: [
    { section: "heating", version: 1, produce: (deps, siteId) => heatingSectionOf(deps, siteId) },
  ],
});
