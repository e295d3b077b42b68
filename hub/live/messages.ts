/** The hub console's live socket (contract shared by hub/live and the console): its path and messages. */

/** Where the console opens its socket; the same session cookie (or bearer token) as the API signs it in. */
export const LIVE_PATH = "/api/live";

/** Close codes the hub uses: the session ended (sign-out, expiry, removal), or the hub is stopping. */
export const LIVE_CLOSE = { signedOut: 4401, shuttingDown: 1001 } as const;

/**
 * One change, carrying the same view the REST read answers (`GET /api/equipment`, `/api/alarms`,
 * `/api/devices`), so the console replaces its row in place. `E`, `A`, `D` are those views.
 */
export type HubLiveMessage<E = unknown, A = unknown, D = unknown> =
  | { type: "equipment"; data: E }
  /** Equipment deleted (its readings and alarms stay: they are the food-safety record). */
  | { type: "equipment-removed"; data: { id: string } }
  | { type: "alarm"; data: A }
  | { type: "device"; data: D };
