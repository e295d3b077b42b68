/** Sites and their members: creation, listing and the membership check every site route goes through. */

import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../../shared/clock/index.ts";
import { DEFAULT_TIME_ZONE, timeZoneSchema } from "../../shared/desired-state/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import type { SiteRole } from "../../shared/roles/index.ts";
import { batch, type CloudDb } from "../db/index.ts";
import { checkSiteLimit, type PlanLimitDeps } from "./plan-limits.ts";
import * as schema from "./schema.ts";

export type SitesDb = CloudDb<typeof schema>;

export interface SiteView {
  id: string;
  name: string;
  /** IANA time zone: schedules, reports and texts for the site use it (and its hub, from desired state). */
  timeZone: string;
  role: SiteRole;
  createdAt: string;
}

const siteName = z.string().trim().min(1).max(120);
export const createSiteSchema = z.object({ name: siteName, timeZone: timeZoneSchema.optional() });
export const updateSiteSchema = z
  .object({ name: siteName.optional(), timeZone: timeZoneSchema.optional() })
  .refine((u) => u.name !== undefined || u.timeZone !== undefined, "give a name or a time zone");

/** Creates a site within the creator's plan (PLAN_LIMIT beyond it); its creator becomes its OWNER in the same batch. */
export async function createSite(
  deps: { db: SitesDb; clock: Clock } & Pick<PlanLimitDeps, "planLimits">,
  input: { userId: string; name: string; timeZone?: string | undefined },
): Promise<SiteView> {
  await checkSiteLimit(deps, input.userId);
  const now = deps.clock.now();
  const site = {
    id: uuidv7(now),
    name: input.name,
    timeZone: input.timeZone ?? DEFAULT_TIME_ZONE,
    createdBy: input.userId,
    createdAt: now,
  };
  await batch(deps.db, [
    deps.db.insert(schema.sites).values(site),
    deps.db
      .insert(schema.siteMembers)
      .values({ siteId: site.id, userId: input.userId, role: "OWNER", createdAt: now }),
  ]);
  return {
    id: site.id,
    name: site.name,
    timeZone: site.timeZone,
    role: "OWNER",
    createdAt: new Date(now).toISOString(),
  };
}

/** The sites `userId` belongs to, with the role held in each. */
export async function listSitesOf(deps: { db: SitesDb }, userId: string): Promise<SiteView[]> {
  const rows = await deps.db
    .select({
      id: schema.sites.id,
      name: schema.sites.name,
      timeZone: schema.sites.timeZone,
      role: schema.siteMembers.role,
      createdAt: schema.sites.createdAt,
    })
    .from(schema.siteMembers)
    .innerJoin(schema.sites, eq(schema.sites.id, schema.siteMembers.siteId))
    .where(eq(schema.siteMembers.userId, userId))
    .orderBy(asc(schema.sites.createdAt));
  return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt).toISOString() }));
}

/**
 * The caller's role in the site, if it is one of `roles`. A site that does not exist and a site the caller
 * is not a member of both answer FORBIDDEN, so ids cannot be probed for existence.
 */
export async function requireMembership(
  deps: { db: SitesDb },
  input: { siteId: string; userId: string; roles?: readonly SiteRole[] },
): Promise<SiteRole> {
  const row = await deps.db
    .select({ role: schema.siteMembers.role })
    .from(schema.siteMembers)
    .where(and(eq(schema.siteMembers.siteId, input.siteId), eq(schema.siteMembers.userId, input.userId)))
    .get();
  if (!row) throw new AppError("FORBIDDEN", "not a member of this site");
  if (input.roles && !input.roles.includes(row.role)) {
    throw new AppError("FORBIDDEN", `requires role ${input.roles.join(" or ")}`);
  }
  return row.role;
}

/** Everyone who belongs to a site (public function for other modules, e.g. notifications). */
export async function listSiteMembers(
  deps: { db: SitesDb },
  siteId: string,
): Promise<{ userId: string; role: SiteRole }[]> {
  return deps.db
    .select({ userId: schema.siteMembers.userId, role: schema.siteMembers.role })
    .from(schema.siteMembers)
    .where(eq(schema.siteMembers.siteId, siteId));
}

/** One site as the caller sees it, with their role; FORBIDDEN for non-members. */
export async function getSite(
  deps: { db: SitesDb },
  input: { siteId: string; userId: string },
): Promise<SiteView> {
  const role = await requireMembership(deps, input);
  const row = await deps.db.select().from(schema.sites).where(eq(schema.sites.id, input.siteId)).get();
  if (!row) throw new AppError("FORBIDDEN", "not a member of this site");
  return {
    id: row.id,
    name: row.name,
    timeZone: row.timeZone,
    role,
    createdAt: new Date(row.createdAt).toISOString(),
  };
}

/** Renames a site or sets its time zone (OWNER only); the site's hubs get both in their next document. */
export async function updateSite(
  deps: { db: SitesDb },
  input: { siteId: string; userId: string; name?: string | undefined; timeZone?: string | undefined },
): Promise<SiteView> {
  await requireMembership(deps, { ...input, roles: ["OWNER"] });
  const set = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.timeZone !== undefined ? { timeZone: input.timeZone } : {}),
  };
  await deps.db.update(schema.sites).set(set).where(eq(schema.sites.id, input.siteId));
  return getSite(deps, input);
}
