/** The last-known-good time: a Pi without a battery clock boots in the past, so token checks never use a time before the last cloud contact. */
import type { Clock } from "../../shared/clock/index.ts";
import type { HubDb } from "../db/index.ts";
import { getSetting, putSetting } from "../identity.ts";

const KEY = "lastKnownGoodTime";

/** Records a time the cloud vouched for (its `Date` header); only ever moves forward. */
export async function noteCloudTime(db: HubDb, ms: number): Promise<void> {
  if (!Number.isFinite(ms)) return;
  const known = (await getSetting<number>(db, KEY)) ?? 0;
  if (ms > known) await putSetting(db, KEY, ms);
}

/** max(clock, last-known-good): the time tokens are checked against. */
export async function trustedNow(db: HubDb, clock: Clock): Promise<number> {
  return Math.max(clock.now(), (await getSetting<number>(db, KEY)) ?? 0);
}
