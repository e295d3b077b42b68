/** Cron work (wrangler.toml [triggers]): housekeeping that no request triggers. */
import { purgeExpiredClaimCodes } from "../cloud/sites/index.ts";
import type { EdgeDeps } from "./deps.ts";

export async function runScheduled(deps: EdgeDeps): Promise<{ purgedClaimCodes: number }> {
  const purgedClaimCodes = await purgeExpiredClaimCodes(deps.sites);
  console.log(JSON.stringify({ level: "info", message: "scheduled housekeeping", purgedClaimCodes }));
  return { purgedClaimCodes };
}
