/** The Worker entry: HTTP (fetch), the event bus consumer (queue), cron (scheduled), and SiteLedger. */
import type { Hono } from "hono";
import type { AppEnv } from "../cloud/http/index.ts";
import type { AnyCloudModule } from "../cloud/module/index.ts";
import { CLOUD_MODULES } from "../cloud/modules.ts";
import { createEdgeApp } from "./app.ts";
import { buildDeps, type EdgeDeps } from "./deps.ts";
import type { Env } from "./env.ts";
import { publicHostRefusal } from "./local-hosts.ts";
import { consumeEvents } from "./queue/index.ts";
import { runScheduled } from "./scheduled.ts";

export type { Env } from "./env.ts";
export { PersonCalendar } from "./person-calendar/index.ts";
export { RateLimiter } from "./rate-limit/rate-limiter-object.ts";
export { SiteLedger } from "./site-ledger/index.ts";

function misconfigured(message = "the service is not configured"): Response {
  const requestId = crypto.randomUUID();
  return Response.json(
    { error: { code: "SERVICE_UNAVAILABLE", message, requestId } },
    { status: 503, headers: { "x-request-id": requestId } },
  );
}

/** The Worker's handlers over a module list (the default export serves cloud/modules.ts). */
export function createWorker(modules: readonly AnyCloudModule[]) {
  // Bindings are read and validated once per isolate; the same env object comes back on every invocation.
  const perEnv = new WeakMap<Env, { deps: EdgeDeps; app: Hono<AppEnv> }>();
  function worker(env: Env): { deps: EdgeDeps; app: Hono<AppEnv> } {
    let w = perEnv.get(env);
    if (!w) {
      const deps = buildDeps(env, { modules });
      w = { deps, app: createEdgeApp(deps) };
      perEnv.set(env, w);
    }
    return w;
  }
  return {
    fetch(request, env, ctx) {
      let w: { deps: EdgeDeps; app: Hono<AppEnv> };
      try {
        w = worker(env);
      } catch (err) {
        // A production Worker without its secrets (or with bad configuration) serves nothing at all.
        console.error(JSON.stringify({ level: "error", message: "refusing to serve", error: String(err) }));
        return misconfigured();
      }
      // A plain `wrangler deploy` ships the top-level (development) block: it answers only on local hosts.
      const refused = publicHostRefusal(w.deps.config.environment, request.url);
      if (refused) return refused;
      return w.app.fetch(request, env, ctx);
    },
    // ctx is unused: acks and retries are decided per message before the handler returns.
    async queue(batch, env, _ctx) {
      const { deps } = worker(env);
      await consumeEvents(batch, {
        consumers: deps.modules.consumers(),
        deadLetters: deps.deadLetters,
        now: () => deps.clock.now(),
      });
    },
    async scheduled(_controller, env, _ctx) {
      await runScheduled(worker(env).deps);
    },
  } satisfies ExportedHandler<Env>;
}

export default createWorker(CLOUD_MODULES);
