/** The hub's HTTP surface. */
export { type ApiDeps, createHubApi } from "./app.ts";
export type { HubEnv } from "./guard.ts";
