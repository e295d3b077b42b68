/** The service module's manifest (hub side of the marketplace): work orders from desired state, visits, compressor evidence. */

import { serviceVisits, serviceWorkOrders } from "../db/index.ts";
import { defineHubModule } from "../module/manifest.ts";
import { checkCompressors } from "./compressor.ts";
import { serviceRoutes } from "./routes.ts";
import { serviceSection } from "./section.ts";

const HOUR_MS = 3600_000;

export const serviceModule = defineHubModule({
  name: "service",
  tables: [serviceWorkOrders, serviceVisits],
  sections: [serviceSection],
  routes: serviceRoutes,
  timers: (ctx) => [
    {
      // Hourly: a report goes out within the hour a day's figures complete the climb; the guard keeps it once.
      name: "compressor-evidence",
      everyMs: HOUR_MS,
      firstAfterMs: 5 * 60_000,
      async run() {
        const n = await checkCompressors({ db: ctx.db, clock: ctx.clock, source: ctx.source });
        if (n > 0) ctx.log.info("compressor evidence reported", { units: n });
      },
    },
  ],
});
