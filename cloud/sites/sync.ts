/** Sync up: a hub's signed CBOR batch is checked end to end, then handed whole to its site's ledger. */
import { z } from "zod";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { readEvent } from "../../shared/events/index.ts";
import { readSyncBody, SYNC_MAX_EVENTS, type SyncAck, syncBatchSchema } from "../../shared/sync/index.ts";
import { authenticateHub } from "./hub-auth.ts";
import type { SiteLedgers, SyncEvent } from "./ledger/types.ts";
import type { SitesDb } from "./sites.ts";

export interface SyncDeps {
  db: SitesDb;
  ledgers: SiteLedgers;
  clock: Clock;
}

/**
 * Authenticates the hub (exists, not revoked, token signed by its own key for its own site), then checks
 * the batch: it names this hub and site, every event comes from them, and every event of a type the catalog
 * knows matches it. Any failure refuses the whole batch before the ledger sees it, so nothing is ever
 * half-applied. Events of types the cloud does not know yet are stored (not projected, not published) and
 * named in the answer, so one new type never stalls a hub's lane.
 */
export async function acceptSyncBatch(
  deps: SyncDeps,
  input: { hubId: string; token: string | undefined; body: Uint8Array },
): Promise<SyncAck> {
  const hub = await authenticateHub(deps, input);
  const batch = parseBatch(input.body);
  if (batch.hubId !== hub.hubId || batch.siteId !== hub.siteId) {
    throw new AppError("FORBIDDEN", "a hub may only write its own site", {
      hubId: batch.hubId,
      siteId: batch.siteId,
    });
  }
  return deps.ledgers.ingest(hub.siteId, hub.hubId, validateEvents(batch), batch.lane);
}

/** The batch's frame; each event is checked once, whole (envelope and data), by `validateEvents`. */
const batchFrameSchema = syncBatchSchema.extend({
  events: z.array(z.unknown()).min(1).max(SYNC_MAX_EVENTS),
});
type BatchFrame = z.infer<typeof batchFrameSchema>;

function parseBatch(body: Uint8Array): BatchFrame {
  // Version 1 (a plain SyncBatch) or 2 (compact, expanded here): the same checks follow for both.
  const parsed = batchFrameSchema.safeParse(readSyncBody(body));
  if (!parsed.success) throw new AppError("VALIDATION_ERROR", "invalid sync batch", parsed.error.issues);
  return parsed.data;
}

/**
 * Every event must be a valid envelope with a seq, come from the batch's hub and site, carry a distinct seq, and
 * match the catalog. Each is validated once here (envelope and data together); the ledger trusts the result.
 */
function validateEvents(batch: BatchFrame): SyncEvent[] {
  const invalid: { index: number; id: unknown; message: string; issues?: unknown }[] = [];
  const foreign: { index: number; id: string; source: SyncEvent["source"] }[] = [];
  const seen = new Set<number>();
  const events: SyncEvent[] = [];
  batch.events.forEach((raw, index) => {
    const id = (raw as { id?: unknown } | null)?.id;
    try {
      // A type this cloud does not know yet (a newer hub) is stored and reported, not refused with its batch.
      const { event, known } = readEvent(raw);
      const seq = event.seq;
      if (seq === undefined) throw new AppError("VALIDATION_ERROR", "seq is required");
      if (seen.has(seq)) throw new AppError("VALIDATION_ERROR", `seq ${seq} repeated in batch`);
      seen.add(seq);
      if (event.source.siteId !== batch.siteId || event.source.hubId !== batch.hubId)
        foreign.push({ index, id: event.id, source: event.source });
      events.push(known ? { ...event, seq } : { ...event, seq, unknownType: true as const });
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError("VALIDATION_ERROR", String(err));
      invalid.push({ index, id, message: e.message, issues: e.details });
    }
  });
  if (foreign.length > 0) throw new AppError("FORBIDDEN", "events must come from this hub and site", foreign);
  if (invalid.length > 0) throw new AppError("VALIDATION_ERROR", "batch holds invalid events", invalid);
  return events;
}
