/** Builds sync batches of one lane from the outbox, bounded by count and encoded bytes. */
import {
  CompactBatchWriter,
  SYNC_MAX_BYTES,
  SYNC_MAX_EVENTS,
  type SyncLane,
} from "../../shared/sync/index.ts";
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
  // Wire version 2 (shared/sync/wire.ts): the batch's hub and site stand for every event's source.
  // Most batches fit: encode the first maxEvents rows once, and measure event by event only when they do not.
  const head = { hubId: binding.hubId, siteId: binding.siteId, lane };
  const whole = new CompactBatchWriter(head);
  let wholeFirst = 0;
  let wholeLast = 0;
  for (const row of rows) {
    if (whole.count >= limits.maxEvents) break;
    if (row.laneSeq <= base) continue;
    const seq = row.laneSeq - base;
    whole.append(row.envelope, seq);
    if (wholeFirst === 0) wholeFirst = seq;
    wholeLast = seq;
  }
  if (whole.count === 0) return null;
  const body = whole.encode();
  if (body.byteLength <= limits.maxBytes)
    return { body, firstSeq: wholeFirst, lastSeq: wholeLast, count: whole.count };
  const writer = new CompactBatchWriter(head);
  let bytes = FRAME_ALLOWANCE;
  let firstSeq = 0;
  let lastSeq = 0;
  for (const row of rows) {
    if (writer.count >= limits.maxEvents) break;
    if (row.laneSeq <= base) continue;
    const seq = row.laneSeq - base;
    const { event, bytes: size } = writer.prepare(row.envelope, seq);
    if (bytes + size > limits.maxBytes && writer.count > 0) break;
    bytes += size;
    writer.add(row.envelope, event);
    if (firstSeq === 0) firstSeq = seq;
    lastSeq = seq;
  }
  if (writer.count === 0) return null;
  return { body: writer.encode(), firstSeq, lastSeq, count: writer.count };
}
