/**
 * The hub's own desired-state sections, applied first: who may sign in (`trustedKeys`, `members`,
 * hub/auth/sections.ts) follows the same version as what they may operate. Modules bring the rest
 * (their manifests' `sections`, in module order: devices make equipment that monitoring then configures).
 */
import { membersSection, trustedKeysSection } from "../auth/index.ts";
import type { HubSection } from "./section.ts";

export const CORE_SECTIONS: readonly HubSection[] = [trustedKeysSection, membersSection];
