/** The hub appliance. */
export { createHub, type Hub, type HubConfig } from "./hub.ts";
