/** Sync up, one lane at a time: batches in lane order, the cloud's contiguous ack marks rows sent. */
import { and, eq, gt, isNotNull } from "drizzle-orm";
import { decodeCbor } from "../../shared/cbor/index.ts";
import { SYNC_CONTENT_TYPE, SYNC_MAX_EVENTS, type SyncAck, type SyncLane } from "../../shared/sync/index.ts";
import { type HubDb, outbox } from "../db/index.ts";
import { getSetting, putSetting } from "../identity.ts";
import { laneBases, markSent, numberLanes, pendingEvents } from "../outbox/index.ts";
import { buildBatch } from "./batch.ts";
import { type CloudCallDeps, callCloud } from "./cloud-client.ts";
import type { CloudBinding } from "./identity.ts";

export interface UplinkDeps extends CloudCallDeps {
  db: HubDb;
}

/** The cloud ack for a batch did not reach its first event: nothing moved. Shown as an error, never as healthy. */
export class NoProgressError extends Error {}

export type LaneBases = Record<SyncLane, number>;

/** Numbers new outbox rows, and fixes where this binding's lanes start the first time its hub id is seen. */
export async function prepareLanes(db: HubDb, binding: CloudBinding): Promise<LaneBases> {
  await numberLanes(db);
  const key = `sync.lanes.${binding.hubId}`;
  const stored = await getSetting<LaneBases>(db, key);
  if (stored) return stored;
  const bases = await laneBases(db);
  await putSetting(db, key, bases);
  return bases;
}

/**
 * Sends one batch of `lane`. Returns the ack (wire seq) or null when the lane is empty. A cloud that holds
 * less than the hub believed delivered (ack below the batch's first seq) gets those rows again next round,
 * and the round is reported as having made no progress.
 */
export async function sendLaneBatch(
  deps: UplinkDeps,
  binding: CloudBinding,
  lane: SyncLane,
  base: number,
): Promise<{ ackedSeq: number; count: number; complete: boolean } | null> {
  const rows = await pendingEvents(deps.db, lane, SYNC_MAX_EVENTS);
  const batch = buildBatch(rows, binding, lane, base);
  if (!batch) return null;
  const res = await callCloud(deps, binding, `/v1/hubs/${binding.hubId}/events`, {
    method: "POST",
    headers: { "content-type": SYNC_CONTENT_TYPE, accept: SYNC_CONTENT_TYPE },
    body: batch.body,
  });
  const ack = decodeCbor(new Uint8Array(await res.arrayBuffer())) as SyncAck;
  const now = deps.clock.now();
  await markSent(deps.db, lane, ack.ackedSeq + base, now);
  if (ack.ackedSeq < batch.firstSeq) {
    // Rows between the cloud's point and this batch were marked sent but are not there: send them again.
    if (ack.ackedSeq < batch.firstSeq - 1) {
      await deps.db
        .update(outbox)
        .set({ sentAt: null })
        .where(and(eq(outbox.lane, lane), gt(outbox.laneSeq, ack.ackedSeq + base), isNotNull(outbox.sentAt)));
    }
    throw new NoProgressError(
      `sync made no progress in the ${lane} lane: the cloud holds up to seq ${ack.ackedSeq}, the batch began at ${batch.firstSeq}`,
    );
  }
  return { ackedSeq: ack.ackedSeq, count: batch.count, complete: ack.ackedSeq >= batch.lastSeq };
}
