/**
 * The hub's desired-state sections, in apply order (devices make equipment that `equipment` then
 * configures; `rules` need the equipment), each at the schema versions this hub applies: the hub states
 * them to the cloud (`Outpost-Sections`). Adding a section: its schema in shared/desired-state/catalog.ts
 * and one apply function here. `trustedKeys` and `members` (hub/auth/sections.ts) come first: who may sign
 * in follows the same version as what they may operate.
 */
import { membersSection, trustedKeysSection, trustedKeysSectionV1 } from "../auth/index.ts";
import { devicesSection } from "./devices-section.ts";
import { equipmentSection } from "./equipment-section.ts";
import { rulesSection } from "./rules-section.ts";
import type { HubSection } from "./section.ts";
import { siteSection } from "./site-section.ts";

export const SECTIONS: readonly HubSection[] = [
  trustedKeysSection,
  // Still applied for a cloud that serves only v1; the cloud serves a hub the newest version both know.
  trustedKeysSectionV1,
  membersSection,
  siteSection,
  devicesSection,
  equipmentSection,
  rulesSection,
];
