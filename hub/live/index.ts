/** The hub console's live socket: a change feed writers publish to, and the socket server that pushes it. */
export { LiveFeed } from "./feed.ts";
export { type HubLiveMessage, LIVE_CLOSE, LIVE_PATH } from "./messages.ts";
export { type Live, type LiveDeps, startLive } from "./server.ts";
