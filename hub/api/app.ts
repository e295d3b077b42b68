/** The hub's HTTP API (Hono): the hub's own routes (sign-in, health, metrics, cloud claim), then every module's. */
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { consoleRoutes } from "../console/serve.ts";
import type { Logger } from "../ingest/index.ts";
import type { ModuleRoutes } from "../module/index.ts";
import { bodyLimit } from "./body.ts";
import { notFound, onError } from "./errors.ts";
import { guard, type HubEnv } from "./guard.ts";
import { hubOwnRoutes, type OwnRoutesDeps } from "./own-routes.ts";

/** What the hub's own routes need; modules bring their routes ready-made (`routes`), so this does not grow. */
export interface ApiDeps extends OwnRoutesDeps {
  log: Logger;
  /** Host names and addresses the hub answers to (lower case; IPv6 in brackets). */
  hostNames: ReadonlySet<string>;
  /** Every module's routes (their manifests' `routes(ctx)`), each route with the role it requires. */
  routes: readonly ModuleRoutes[];
}

export function createHubApi(deps: ApiDeps): Hono<HubEnv> {
  const app = new Hono<HubEnv>();
  app.use(requestId());
  app.onError(onError(deps.log));
  app.notFound(notFound);
  // Before anything else reads the request, the console's static files included.
  app.use(bodyLimit());
  app.use(guard({ auth: deps.auth, hostNames: deps.hostNames }));

  app.route("/", hubOwnRoutes(deps));
  // Each route's `allow(...)` stays first among its handlers, where the guard looks for it.
  for (const routes of deps.routes) app.route("/", routes);

  // The technician console (static files, SPA fallback); after every API route so it never shadows one.
  app.route("/", consoleRoutes());

  return app;
}
