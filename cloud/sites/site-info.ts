/** A site's name, zone and unit names, for other modules that write about it (notifications, analytics). */
import { eq } from "drizzle-orm";
import type { SiteLedgers } from "./ledger/types.ts";
import * as schema from "./schema.ts";
import type { SitesDb } from "./sites.ts";

export interface SiteInfo {
  siteId: string;
  name: string;
  timeZone: string;
  units: { equipmentId: string; name: string }[];
}

/** null when no such site exists (an account-level event, a deleted site). */
export async function siteInfo(
  deps: { db: SitesDb; ledgers: Pick<SiteLedgers, "equipment"> },
  siteId: string,
): Promise<SiteInfo | null> {
  const [site, configured, synced] = await Promise.all([
    deps.db
      .select({ name: schema.sites.name, timeZone: schema.sites.timeZone })
      .from(schema.sites)
      .where(eq(schema.sites.id, siteId))
      .get(),
    deps.db
      .select({ equipmentId: schema.siteEquipment.id, name: schema.siteEquipment.name })
      .from(schema.siteEquipment)
      .where(eq(schema.siteEquipment.siteId, siteId)),
    // Units the hub configured reach the ledger (equipment.configured), not this table.
    deps.ledgers.equipment(siteId).catch(() => []),
  ]);
  if (!site) return null;
  const names = new Map(synced.flatMap((u) => (u.equipmentName ? [[u.equipmentId, u.equipmentName]] : [])));
  for (const u of configured) names.set(u.equipmentId, u.name);
  const units = [...names].map(([equipmentId, name]) => ({ equipmentId, name }));
  return { siteId, name: site.name, timeZone: site.timeZone, units };
}
