/** Cron work (wrangler.toml [triggers]): every listed module's housekeeping and outbox, which no request triggers. */
import type { EdgeDeps } from "./deps.ts";

export async function runScheduled(deps: EdgeDeps): Promise<Record<string, Record<string, number>>> {
  const counts = await deps.modules.scheduled();
  console.log(JSON.stringify({ level: "info", message: "scheduled housekeeping", ...counts }));
  return counts;
}
