/** Cron work (wrangler.toml [triggers]): housekeeping that no request triggers. */
import { flushOutbox } from "../cloud/billing/index.ts";
import { purgeExpiredClaimCodes } from "../cloud/sites/index.ts";
import type { EdgeDeps } from "./deps.ts";

export async function runScheduled(
  deps: EdgeDeps,
): Promise<{ purgedClaimCodes: number; billingEventsPublished: number }> {
  const purgedClaimCodes = await purgeExpiredClaimCodes(deps.sites);
  // Billing publishes its outbox after each webhook; this catches what a failed publish left behind.
  const billingEventsPublished = deps.billing ? await flushOutbox(deps.billing) : 0;
  console.log(
    JSON.stringify({
      level: "info",
      message: "scheduled housekeeping",
      purgedClaimCodes,
      billingEventsPublished,
    }),
  );
  return { purgedClaimCodes, billingEventsPublished };
}
