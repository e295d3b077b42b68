/** Builds sync batches of one lane from the outbox, bounded by count and encoded bytes. */
import { encodeCbor } from "../../shared/cbor/index.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import { SYNC_MAX_BYTES, SYNC_MAX_EVENTS, type SyncBatch, type SyncLane } from "../../shared/sync/index.ts";
import type { OutboxRow } from "../outbox/index.ts";
import type { CloudBinding } from "./identity.ts";

/** Room left for the batch's own framing (ids and the array header). */
const FRAME_ALLOWANCE = 256;

export interface BuiltBatch {
  body: Uint8Array<ArrayBuffer>;
  /** Wire seqs (lane seq minus the binding's base) of the first and last event. */
  firstSeq: number;
  lastSeq: number;
  count: number;
}

/**
 * Takes one lane's rows in order and returns the encoded body for as many as fit. The wire seq is the
 * row's lane number minus `base`, where the binding's lane began (see laneBases). Events recorded before
 * the claim carry the local site; they are sent as the claimed hub's.
 */
export function buildBatch(
  rows: readonly OutboxRow[],
  binding: Pick<CloudBinding, "hubId" | "siteId">,
  lane: SyncLane = "priority",
  base = 0,
  limits = { maxEvents: SYNC_MAX_EVENTS, maxBytes: SYNC_MAX_BYTES },
): BuiltBatch | null {
  const events: SyncBatch["events"] = [];
  let bytes = FRAME_ALLOWANCE;
  for (const row of rows) {
    if (events.length >= limits.maxEvents) break;
    if (row.laneSeq <= base) continue;
    const event: EventEnvelope & { seq: number } = {
      ...row.envelope,
      seq: row.laneSeq - base,
      source: { ...row.envelope.source, siteId: binding.siteId, hubId: binding.hubId },
    };
    const size = encodeCbor(event).byteLength;
    if (bytes + size > limits.maxBytes && events.length > 0) break;
    bytes += size;
    events.push(event);
  }
  if (events.length === 0) return null;
  const body = encodeCbor({
    hubId: binding.hubId,
    siteId: binding.siteId,
    lane,
    events,
  } satisfies SyncBatch);
  return { body, firstSeq: events[0]!.seq, lastSeq: events[events.length - 1]!.seq, count: events.length };
}
