/** The hub's HTTP surface. */
export { type ApiDeps, createHubApi } from "./app.ts";
