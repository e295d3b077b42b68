/** The Worker's bindings as the workerd tests see them, plus the migrations vitest.workers.config.ts passes in. */
import type { D1Migration } from "cloudflare:test";
import type { Env as WorkerEnv } from "../env.ts";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      TEST_MIGRATIONS: Record<"ACCOUNTS_DB" | "SITES_DB" | "NOTIFICATIONS_DB" | "BILLING_DB", D1Migration[]>;
    }
    interface GlobalProps {
      mainModule: typeof import("../index.ts");
      durableNamespaces: "SiteLedger" | "RateLimiter";
    }
  }
}
