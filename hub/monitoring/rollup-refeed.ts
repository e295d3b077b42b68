/**
 * Minutes whose rollup changed after they were fed: a reading a device buffered and sent late lands in a
 * minute the watermark already passed. The feed remembers each recent minute's reading count as fed (a hub
 * setting, the last LOOKBACK_MS of minutes only) and feeds again, once a minute, those whose count moved; the
 * cloud replaces a resent minute. A reading later than LOOKBACK_MS after its minute stays on the hub only.
 */
import { and, eq, gte, lt } from "drizzle-orm";
import { equipment, type HubDb, hubSettings, rollups } from "../db/index.ts";
import { getSetting } from "../identity.ts";

export const LOOKBACK_MS = 60 * 60_000;
const FED = "sync.rollups.fed";
/** Present once this build noted counts (no minute key starts with "@"). */
const NOTED = "@noted";

export type FeedRow = { r: typeof rollups.$inferSelect; name: string | null };
type FedCounts = Record<string, number>;

const keyOf = (r: { equipmentId: string; bucket: number }) => `${r.equipmentId}@${r.bucket}`;

export async function loadFed(db: HubDb): Promise<FedCounts> {
  return (await getSetting<FedCounts>(db, FED)) ?? {};
}

/** Minutes in [from - LOOKBACK_MS, from) whose count differs from what was fed (or that were never noted). */
export async function changedSinceFed(db: HubDb, fed: FedCounts, from: number): Promise<FeedRow[]> {
  const rows = await db
    .select({ r: rollups, name: equipment.name })
    .from(rollups)
    .leftJoin(equipment, eq(equipment.id, rollups.equipmentId))
    .where(
      and(
        eq(rollups.resolution, "minute"),
        gte(rollups.bucket, from - LOOKBACK_MS),
        lt(rollups.bucket, from),
      ),
    );
  // Before any count was noted (a hub of an earlier build), nothing is known to have changed.
  if (!(NOTED in fed)) {
    fed[NOTED] = 1;
    for (const { r } of rows) fed[keyOf(r)] = r.count;
    return [];
  }
  return rows.filter(({ r }) => fed[keyOf(r)] !== r.count);
}

/** Notes the rows as fed and forgets minutes older than the lookback; the statement that stores it. */
export function noteFed(db: HubDb, fed: FedCounts, rows: readonly FeedRow[], cutoff: number) {
  const oldest = cutoff - LOOKBACK_MS;
  fed[NOTED] = 1;
  for (const { r } of rows) if (r.bucket >= oldest) fed[keyOf(r)] = r.count;
  for (const key of Object.keys(fed))
    if (Number(key.slice(key.lastIndexOf("@") + 1)) < oldest) delete fed[key];
  return db
    .insert(hubSettings)
    .values({ key: FED, value: fed })
    .onConflictDoUpdate({ target: hubSettings.key, set: { value: fed } });
}
