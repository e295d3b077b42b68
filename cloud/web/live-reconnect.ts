/** When the live view reconnects after its socket closed: at once to renew an expired token, else with backoff. */
import { LIVE_CLOSE_TOKEN_EXPIRED } from "../../shared/live/index.ts";

export const BACKOFF_MS = [500, 1000, 2000, 5000, 10_000, 15_000];

/**
 * "renew": the server closed an open socket because its access token expired (or its sign-ins were revoked,
 * 4401); the view refreshes its token and opens again at once, with a new snapshot; a revoked sign-in fails
 * that refresh and is signed out. Only for a socket that had opened: a renewal that fails closes without
 * opening and falls back to the backoff, so a refused token never spins.
 * "backoff": anything else (network, server restart, 4403 no longer a member) waits its turn.
 */
export function afterClose(code: number, wasOpen: boolean): "renew" | "backoff" {
  return code === LIVE_CLOSE_TOKEN_EXPIRED && wasOpen ? "renew" : "backoff";
}

/** The wait before attempt `attempt` (0-based), jittered to half to one and a half of its step. */
export function backoffDelay(attempt: number, random: number): number {
  const base = BACKOFF_MS[Math.min(attempt, BACKOFF_MS.length - 1)]!;
  return base / 2 + random * base;
}
