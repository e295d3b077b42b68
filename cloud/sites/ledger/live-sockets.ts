/** Live sockets live as long as the access token that opened them: expired ones are closed before any send. */
import { LIVE_CLOSE_TOKEN_EXPIRED } from "../../../shared/live/index.ts";

/** What the ledger needs of a socket (a workerd or Deno WebSocket). */
export interface ExpiringSocket {
  readonly readyState: number;
  close(code?: number, reason?: string): void;
}

const OPEN = 1;

/**
 * Closes (4401) every open socket whose token expired at or before `now` and answers the ones still open with
 * a valid token; sockets already closing are neither sent to nor closed again. An unknown expiry counts as expired.
 */
export function openLiveSockets<S extends ExpiringSocket>(
  sockets: Iterable<S>,
  expiresAt: (socket: S) => number | undefined,
  now: number,
): S[] {
  const open: S[] = [];
  for (const ws of sockets) {
    if (ws.readyState !== OPEN) continue;
    if ((expiresAt(ws) ?? 0) > now) {
      open.push(ws);
      continue;
    }
    try {
      ws.close(LIVE_CLOSE_TOKEN_EXPIRED, "access token expired");
    } catch {
      // already closing
    }
  }
  return open;
}

/** When the next of these open sockets' tokens expires (for the caller's alarm), or null with none open. */
export function nextLiveExpiry<S extends ExpiringSocket>(
  sockets: Iterable<S>,
  expiresAt: (socket: S) => number | undefined,
): number | null {
  let next: number | null = null;
  for (const ws of sockets) {
    if (ws.readyState !== OPEN) continue;
    const at = expiresAt(ws) ?? 0;
    next = next === null ? at : Math.min(next, at);
  }
  return next;
}
