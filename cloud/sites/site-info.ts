/** A site's name, zone and unit names, for other modules that write about it (notifications, analytics). */
import { eq } from "drizzle-orm";
import * as schema from "./schema.ts";
import type { SitesDb } from "./sites.ts";

export interface SiteInfo {
  siteId: string;
  name: string;
  timeZone: string;
  units: { equipmentId: string; name: string }[];
}

/** null when no such site exists (an account-level event, a deleted site). */
export async function siteInfo(deps: { db: SitesDb }, siteId: string): Promise<SiteInfo | null> {
  const [site, units] = await Promise.all([
    deps.db
      .select({ name: schema.sites.name, timeZone: schema.sites.timeZone })
      .from(schema.sites)
      .where(eq(schema.sites.id, siteId))
      .get(),
    deps.db
      .select({ equipmentId: schema.siteEquipment.id, name: schema.siteEquipment.name })
      .from(schema.siteEquipment)
      .where(eq(schema.siteEquipment.siteId, siteId)),
  ]);
  return site ? { siteId, name: site.name, timeZone: site.timeZone, units } : null;
}
