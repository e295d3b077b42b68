/** The cloud dispensing module's manifest: catalog as desired state, online orders paid through billing, QR signing, projection of the hubs. */

import { defineCloudModule } from "../module/index.ts";
import { DISPENSING_ANALYTICS } from "./analytics.ts";
import { dispensingHttp } from "./http.ts";
import { DISPENSING_NOTIFICATIONS } from "./notifications.ts";
import {
  cloudQrKey,
  type DispensingDb,
  type DispensingDeps,
  onPayment,
  PAYABLE_KIND,
  produceSection,
  resolvePayable,
} from "./orders.ts";
import { onHubEvent } from "./projection.ts";
import * as schema from "./schema.ts";

export interface DispensingServices {
  /** The public QR keys the site's hubs trust (sent down as `qr` trusted keys). */
  qrKeys(siteId: string): Promise<Record<string, unknown>[]>;
}

declare module "../module/index.ts" {
  interface CloudServices {
    dispensing: DispensingServices;
  }
}

export const dispensingModule = defineCloudModule({
  name: "dispensing",
  notifications: DISPENSING_NOTIFICATIONS,
  analytics: DISPENSING_ANALYTICS,
  database: {
    binding: "DISPENSING_DB",
    name: "outpost-dispensing",
    migrations: "cloud/dispensing/migrations",
    schema,
  },
  deps: (ctx): DispensingDeps => ({
    db: ctx.db as DispensingDb,
    clock: ctx.clock,
    siteMembers: (siteId) => ctx.service("sites").siteMembers(siteId),
    memberRole: (siteId, userId, roles) => ctx.service("sites").memberRole(siteId, userId, roles),
    timeZone: async (siteId) => (await ctx.service("sites").siteInfo(siteId))?.timeZone ?? "UTC",
  }),
  services: (deps): DispensingServices => ({
    qrKeys: async () => [(await cloudQrKey(deps)).publicJwk],
  }),
  routes: (deps, { requireUser }) => [dispensingHttp({ ...deps, requireUser })],
  consumers: [
    {
      name: "dispensing.payments",
      patterns: ["payment.succeeded", "payment.refunded"],
      handle: (e, deps) => onPayment(deps, e),
    },
    {
      name: "dispensing.hubs",
      patterns: ["order.*", "inventory.stock.moved"],
      handle: (e, deps) => onHubEvent(deps, e),
    },
  ],
  desiredState: [
    { section: "dispensing", version: 1, produce: (deps, siteId) => produceSection(deps, siteId) },
  ],
  payables: (deps) => [{ kind: PAYABLE_KIND, resolve: (id) => resolvePayable(deps, id) }],
});
