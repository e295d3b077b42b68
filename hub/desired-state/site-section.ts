/**
 * The `site` section: the site's name and IANA time zone, kept as a hub setting. The cloud owns both; hub code
 * that needs the site's local time (schedules, reports, texts) reads `siteTimeZone`.
 */
import {
  DEFAULT_TIME_ZONE,
  type SiteSection,
  siteSection as schema,
} from "../../shared/desired-state/index.ts";
import { type HubDb, hubSettings } from "../db/index.ts";
import { getSetting } from "../identity.ts";
import { defineSection } from "./section.ts";

export const SITE_KEY = "desiredState.site";

export const siteSection = defineSection({
  name: "site",
  version: 1,
  schema,
  async apply(tx, value) {
    await tx
      .insert(hubSettings)
      .values({ key: SITE_KEY, value })
      .onConflictDoUpdate({ target: hubSettings.key, set: { value } });
  },
});

/** The site's name and time zone as the cloud last sent them; undefined before the first document. */
export function siteSettings(db: HubDb): Promise<SiteSection | undefined> {
  return getSetting<SiteSection>(db, SITE_KEY);
}

/** The site's IANA time zone; UTC until the cloud has said (an unclaimed hub, or before the first sync). */
export async function siteTimeZone(db: HubDb): Promise<string> {
  return (await siteSettings(db))?.timeZone ?? DEFAULT_TIME_ZONE;
}
