/** A site's claimed hubs: listing, and revocation, after which the hub's sync is refused (403). */
import { and, asc, eq, isNull } from "drizzle-orm";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { STAFF_ROLES } from "../../shared/roles/index.ts";
import * as schema from "./schema.ts";
import { requireMembership, type SitesDb } from "./sites.ts";

export interface HubView {
  id: string;
  name: string;
  claimedAt: string;
  revokedAt: string | null;
}

/** The site's hubs; OWNER and MAINTAINER look after them. */
export async function listHubs(
  deps: { db: SitesDb },
  input: { siteId: string; userId: string },
): Promise<HubView[]> {
  await requireMembership(deps, { ...input, roles: STAFF_ROLES });
  const rows = await deps.db
    .select()
    .from(schema.hubs)
    .where(eq(schema.hubs.siteId, input.siteId))
    .orderBy(asc(schema.hubs.claimedAt));
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    claimedAt: new Date(r.claimedAt).toISOString(),
    revokedAt: r.revokedAt === null ? null : new Date(r.revokedAt).toISOString(),
  }));
}

/** Revokes a hub of this site (OWNER only): its key is no longer accepted. Revoking twice is a no-op. */
export async function revokeHub(
  deps: { db: SitesDb; clock: Clock },
  input: { siteId: string; userId: string; hubId: string },
): Promise<void> {
  await requireMembership(deps, { ...input, roles: ["OWNER"] });
  const ofSite = and(eq(schema.hubs.id, input.hubId), eq(schema.hubs.siteId, input.siteId));
  const hub = await deps.db.select({ id: schema.hubs.id }).from(schema.hubs).where(ofSite).get();
  if (!hub) throw new AppError("NOT_FOUND", "no such hub in this site");
  await deps.db
    .update(schema.hubs)
    .set({ revokedAt: deps.clock.now() })
    .where(and(ofSite, isNull(schema.hubs.revokedAt)));
}
