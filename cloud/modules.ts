/**
 * The cloud's modules, one line each. The Worker entry, the Deno entry, the workerd test pool, `npm start` and
 * the wrangler consistency test all read this list; adding a module is its folder and one line here.
 */
import { accountsModule } from "./accounts/module.ts";
import { analyticsModule } from "./analytics/module.ts";
import { billingModule } from "./billing/module.ts";
import { bookingsModule } from "./bookings/module.ts";
import { dispensingModule } from "./dispensing/module.ts";
import { heatingCloudModule } from "./heating/module.ts";
import { marketplaceModule } from "./marketplace/module.ts";
import type { BindingsOf } from "./module/index.ts";
import { notificationsModule } from "./notifications/module.ts";
import { sitesModule } from "./sites/module.ts";

export const CLOUD_MODULES = [
  accountsModule,
  sitesModule,
  billingModule,
  notificationsModule,
  bookingsModule,
  heatingCloudModule,
  dispensingModule,
  analyticsModule,
  marketplaceModule,
] as const;

/** The D1 binding of every listed module (`ACCOUNTS_DB` …). */
export type ModuleBinding = BindingsOf<typeof CLOUD_MODULES>;
