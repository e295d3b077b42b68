/** Hub roles at the site, from the cloud's site membership (design: Hub identity). */
export const HUB_ROLES = ["read", "operate", "admin"] as const;
export type HubRole = (typeof HUB_ROLES)[number];
export const SITE_MEMBER_ROLES = ["OWNER", "MAINTAINER", "GUEST"] as const;
export type SiteMemberRole = (typeof SITE_MEMBER_ROLES)[number];
/** OWNER administers the hub, MAINTAINER operates it (acknowledges alarms, sends commands), GUEST reads. */
export const HUB_ROLE_OF: Record<SiteMemberRole, HubRole> = {
  OWNER: "admin",
  MAINTAINER: "operate",
  GUEST: "read",
};
