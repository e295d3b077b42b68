/** The hub's HTTP surface. */
export { type ApiDeps, createHubApi } from "./app.ts";
export { type Access, type HubEnv, routeTable } from "./guard.ts";
export type { HubOwnRoutes } from "./own-routes.ts";
