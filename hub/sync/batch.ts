/** Builds sync batches from the outbox, bounded by count and encoded bytes. */
import { encodeCbor } from "../../shared/cbor/index.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import { SYNC_MAX_BYTES, SYNC_MAX_EVENTS, type SyncBatch } from "../../shared/sync/index.ts";
import type { OutboxRow } from "../outbox/index.ts";
import type { CloudBinding } from "./identity.ts";

/** Room left for the batch's own framing (ids and the array header). */
const FRAME_ALLOWANCE = 256;

/**
 * Takes outbox rows in seq order and returns the encoded body for as many as fit.
 * Events recorded before the claim carry the local site; they are sent as the claimed hub's.
 */
export function buildBatch(
  rows: readonly OutboxRow[],
  binding: Pick<CloudBinding, "hubId" | "siteId">,
  limits = { maxEvents: SYNC_MAX_EVENTS, maxBytes: SYNC_MAX_BYTES },
): { body: Uint8Array<ArrayBuffer>; lastSeq: number; count: number } | null {
  const events: SyncBatch["events"] = [];
  let bytes = FRAME_ALLOWANCE;
  for (const row of rows) {
    if (events.length >= limits.maxEvents) break;
    const event: EventEnvelope & { seq: number } = {
      ...row.envelope,
      seq: row.seq,
      source: { ...row.envelope.source, siteId: binding.siteId, hubId: binding.hubId },
    };
    const size = encodeCbor(event).byteLength;
    if (bytes + size > limits.maxBytes && events.length > 0) break;
    bytes += size;
    events.push(event);
  }
  if (events.length === 0) return null;
  const body = encodeCbor({ hubId: binding.hubId, siteId: binding.siteId, events } satisfies SyncBatch);
  return { body, lastSeq: events[events.length - 1]!.seq, count: events.length };
}
