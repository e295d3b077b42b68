/**
 * A module's routes: a chained Hono sub-app (`moduleRoutes().get(path, allow("read"), handler)…`) with full
 * paths, mounted by the hub's API. Chaining keeps every route's path, input and answer in the sub-app's type,
 * which the console's typed client (`hc`) is derived from; `allow(...)` first on each route states its role,
 * and the route-table test names any route that states none.
 */
import { Hono } from "hono";
import type { HubEnv } from "../api/guard.ts";

export { allow } from "../api/guard.ts";

/** A new, empty sub-app for a module's routes. */
export const moduleRoutes = () => new Hono<HubEnv>();

/** Any module's routes, whatever their paths (the manifest does not need their exact type; the console does). */
// biome-ignore lint/suspicious/noExplicitAny: each module's sub-app keeps its own schema; the list holds any.
export type ModuleRoutes = Hono<HubEnv, any, any>;
