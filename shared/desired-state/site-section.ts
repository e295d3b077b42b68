/** The `site` section: the site's own configuration a hub needs offline (its name and IANA time zone). */
import { z } from "zod";

/** True for a time zone this runtime's Intl knows (an IANA name such as "Europe/Berlin", or "UTC"). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name, checked with Intl (the same check on the cloud and on the hub). */
export const timeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, { message: "not an IANA time zone" });

/** Sites made before time zones were configured are in UTC until their owner says otherwise. */
export const DEFAULT_TIME_ZONE = "UTC";

export const siteSection = z.object({
  name: z.string().min(1).max(120),
  timeZone: timeZoneSchema,
});
export type SiteSection = z.infer<typeof siteSection>;
