/** The Worker's bindings as the workerd tests see them, plus the migrations vitest.workers.config.ts passes in. */
import type { D1Migration } from "cloudflare:test";
import type { Env as WorkerEnv } from "../env.ts";

declare global {
  namespace Cloudflare {
    interface Env extends WorkerEnv {
      /** Every listed module's migrations (and the test-only modules'), by D1 binding. */
      TEST_MIGRATIONS: Record<string, D1Migration[]>;
      /** The throwaway module's database (edge/testing/modules.ts). */
      THROWAWAY_DB: D1Database;
      /** The push-service emulator's address (scripts/push-emulator). */
      PUSH_SERVICE_BASE: string;
    }
    interface GlobalProps {
      mainModule: typeof import("../index.ts");
      durableNamespaces: "SiteLedger" | "RateLimiter";
    }
  }
}
