/**
 * The hub's own desired-state sections, applied first: who may sign in (`trustedKeys`, `members`,
 * hub/auth/sections.ts) follows the same version as what they may operate. Modules bring the rest
 * (their manifests' `sections`, in module order: devices make equipment that monitoring then configures).
 */
import { membersSection, trustedKeysSection } from "../auth/index.ts";
import type { HubSection } from "./section.ts";

/** A function, not a constant: read when the hub starts, never while an import cycle is still loading hub/auth. */
export function coreSections(): readonly HubSection[] {
  return [trustedKeysSection, membersSection];
}
