/**
 * The hub's desired-state sections, in apply order (devices make equipment that `equipment` then
 * configures; `rules` need the equipment). Adding a section: its schema in shared/desired-state and one
 * apply function here. `trustedKeys` and `members` (hub/auth/sections.ts) come first: who may sign in
 * follows the same version as what they may operate.
 */
import { membersSection, trustedKeysSection } from "../auth/index.ts";
import { devicesSection } from "./devices-section.ts";
import { equipmentSection } from "./equipment-section.ts";
import { rulesSection } from "./rules-section.ts";
import type { HubSection } from "./section.ts";

export const SECTIONS: readonly HubSection[] = [
  trustedKeysSection,
  membersSection,
  devicesSection,
  equipmentSection,
  rulesSection,
];
