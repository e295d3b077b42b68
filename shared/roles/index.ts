/** Site roles: a member's role at a site, in the cloud's membership, hub tokens, desired state and both apps. */

/** OWNER administers the site, MAINTAINER looks after it, GUEST reads. */
export const SITE_ROLES = ["OWNER", "MAINTAINER", "GUEST"] as const;
export type SiteRole = (typeof SITE_ROLES)[number];

/** The members who work on the site: they look after hubs and spaces and act on alarms; a GUEST only reads. */
export const STAFF_ROLES = ["OWNER", "MAINTAINER"] as const satisfies readonly SiteRole[];

export function isStaff(role: SiteRole): boolean {
  return (STAFF_ROLES as readonly SiteRole[]).includes(role);
}
