/** The steps every runtime's SiteLedger takes around a batch (Durable Object or Deno file), with the live messages they produce. */
import type { LiveMessage } from "../../../shared/live/index.ts";
import type { SyncAck, SyncLane } from "../../../shared/sync/index.ts";
import { applyRetention } from "./history.ts";
import { ingestEvents } from "./ingest.ts";
import { checkHubPresence, discardLiveChanges, drainLiveChanges, noteHubContact } from "./live.ts";
import type { LedgerDb, SyncEvent } from "./types.ts";

/** Minute rollups past their retention are folded into hours at most this often. */
export const RETENTION_EVERY_MS = 60 * 60_000;

/** A contact from `hubId` (with or without events); a hub coming back online is one message. */
export function noteContact(db: LedgerDb, hubId: string, now: number): LiveMessage[] {
  const cameOnline = noteHubContact(db, hubId, now);
  return cameOnline ? [{ type: "hub", data: cameOnline }] : [];
}

/**
 * Stores a validated batch, notes the contact, and folds old minutes when `retentionDue`. Returns the ack
 * and the projected changes to push to live sockets, in order. With `live: false` (no socket open) the changed
 * views are not read back: nobody would be sent them, and a snapshot reads them fresh.
 */
export function storeBatch(
  db: LedgerDb,
  input: {
    hubId: string;
    lane: SyncLane;
    events: SyncEvent[];
    now: number;
    retentionDue: boolean;
    live?: boolean;
  },
): { ack: SyncAck; messages: LiveMessage[] } {
  const ack = ingestEvents(db, input);
  const changes = input.live === false ? discardLiveChanges(db) : drainLiveChanges(db);
  const messages = [...noteContact(db, input.hubId, input.now), ...changes];
  if (input.retentionDue) applyRetention(db, input.now);
  return { ack, messages };
}

/** Hubs that went silent, as messages, and when to look again (null: no hub to watch). */
export function presenceChanges(
  db: LedgerDb,
  now: number,
): { messages: LiveMessage[]; nextCheckAt: number | null } {
  const { changed, nextCheckAt } = checkHubPresence(db, now);
  return { messages: changed.map((data) => ({ type: "hub" as const, data })), nextCheckAt };
}

/** Sends every message to every socket; a socket closing under us is not the sender's failure. */
export function pushLive(
  sockets: Iterable<{ send(text: string): void }>,
  messages: readonly LiveMessage[],
): void {
  if (messages.length === 0) return;
  const open = [...sockets];
  for (const message of messages) {
    const text = JSON.stringify(message);
    for (const ws of open) {
      try {
        ws.send(text);
      } catch {}
    }
  }
}
