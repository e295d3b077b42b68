/**
 * The hub's own desired-state sections, applied first: who may sign in (`trustedKeys`, `members`,
 * hub/auth/sections.ts) follows the same version as what they may operate, and the site's name and time zone
 * come with them. Modules bring the rest (their manifests' `sections`, in module order: devices make equipment
 * that monitoring then configures). Each is at the schema version this hub applies; the hub states them to the
 * cloud (`Outpost-Sections`).
 */
import { membersSection, trustedKeysSection, trustedKeysSectionV1 } from "../auth/index.ts";
import type { HubSection } from "./section.ts";
import { siteSection } from "./site-section.ts";

/** A function, not a constant: read when the hub starts, never while an import cycle is still loading hub/auth. */
export function coreSections(): readonly HubSection[] {
  return [
    trustedKeysSection,
    // Still applied for a cloud that serves only v1; the cloud serves a hub the newest version both know.
    trustedKeysSectionV1,
    membersSection,
    siteSection,
  ];
}
