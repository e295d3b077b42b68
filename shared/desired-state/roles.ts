/** Hub roles at the site, from the cloud's site membership (design: Hub identity). */
import type { SiteRole } from "../roles/index.ts";

export const HUB_ROLES = ["read", "operate", "admin"] as const;
export type HubRole = (typeof HUB_ROLES)[number];
/** OWNER administers the hub, MAINTAINER operates it (acknowledges alarms, sends commands), GUEST reads. */
export const HUB_ROLE_OF: Record<SiteRole, HubRole> = {
  OWNER: "admin",
  MAINTAINER: "operate",
  GUEST: "read",
};
