/** The last-known-good time: a Pi without a battery clock boots in the past, so token checks never use a time before the last cloud contact. */

import type { Clock } from "../../shared/clock/index.ts";
import { readHubTime } from "../../shared/sync/index.ts";
import type { HubDb } from "../db/index.ts";
import { getSetting, putSetting } from "../identity.ts";
import { verifyTrustedJws } from "./trusted-keys.ts";

const KEY = "lastKnownGoodTime";

/**
 * Per open database, how far the cloud's verified time stood from this hub's clock at the last contact
 * (cloud − clock). Process memory only: a restart may come with a corrected clock, so it is learned again.
 */
const offsets = new WeakMap<HubDb, number>();
/** A clock this close to the cloud's time is taken as it is (the answer's own travel time is in it). */
const CLOCK_AGREES_MS = 5_000;

/** Records a time the cloud vouched for; only ever moves forward. Callers pass only verified times. */
export async function noteCloudTime(db: HubDb, ms: number): Promise<void> {
  if (!Number.isFinite(ms)) return;
  const known = (await getSetting<number>(db, KEY)) ?? 0;
  if (ms > known) await putSetting(db, KEY, ms);
}

/**
 * Keeps the cloud's signed time (the `outpost-time` answer header) when a trusted access key signed it
 * for this hub; returns it, or null when it did not verify (no keys yet, a stranger's key, another hub).
 * An older time than the one held changes nothing, so a replayed answer cannot move the time back.
 */
export async function noteSignedCloudTime(
  db: HubDb,
  jws: string,
  hubId: string,
  clock: Clock,
): Promise<number | null> {
  const verified = await verifyTrustedJws(db, "access", jws).catch(() => null);
  const time = verified && readHubTime(verified.payload, verified.typ, hubId);
  if (!time) return null;
  await noteCloudTime(db, time.now);
  // Within a few seconds the clock agrees (a round trip, not a wrong clock): no correction.
  const offset = time.now - clock.now();
  if (Math.abs(offset) > CLOCK_AGREES_MS) offsets.set(db, offset);
  else offsets.delete(db);
  return time.now;
}

/**
 * The time tokens are checked against and the hub's own tokens are dated by: the clock, corrected by the
 * cloud's verified time once one came in this process (a clock running ahead is pulled back as one running
 * behind is pushed forward), never earlier than the last-known-good time.
 */
export async function trustedNow(db: HubDb, clock: Clock): Promise<number> {
  return Math.max(clock.now() + (offsets.get(db) ?? 0), (await getSetting<number>(db, KEY)) ?? 0);
}
