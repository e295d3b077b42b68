/** Spaces (seed 004): the rooms and areas of a site. Members read them; OWNER and MAINTAINER shape them. */
import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { STAFF_ROLES } from "../../shared/roles/index.ts";
import * as schema from "./schema.ts";
import { requireMembership, type SitesDb } from "./sites.ts";

export const spaceSchema = z.object({ name: z.string().trim().min(1).max(120) });

export interface SpaceView {
  id: string;
  siteId: string;
  name: string;
  createdAt: string;
}

const view = (r: typeof schema.spaces.$inferSelect): SpaceView => ({
  id: r.id,
  siteId: r.siteId,
  name: r.name,
  createdAt: new Date(r.createdAt).toISOString(),
});

export async function listSpaces(
  deps: { db: SitesDb },
  input: { siteId: string; userId: string },
): Promise<SpaceView[]> {
  await requireMembership(deps, input);
  const rows = await deps.db
    .select()
    .from(schema.spaces)
    .where(eq(schema.spaces.siteId, input.siteId))
    .orderBy(asc(schema.spaces.createdAt));
  return rows.map(view);
}

export async function createSpace(
  deps: { db: SitesDb; clock: Clock },
  input: { siteId: string; userId: string; name: string },
): Promise<SpaceView> {
  await requireMembership(deps, { ...input, roles: STAFF_ROLES });
  const now = deps.clock.now();
  const row = {
    id: uuidv7(now),
    siteId: input.siteId,
    name: input.name,
    createdBy: input.userId,
    createdAt: now,
  };
  await deps.db.insert(schema.spaces).values(row);
  return view(row);
}

/** Deletes a space of this site (OWNER only); a space of another site is NOT_FOUND here. */
export async function deleteSpace(
  deps: { db: SitesDb },
  input: { siteId: string; userId: string; spaceId: string },
) {
  await requireMembership(deps, { ...input, roles: ["OWNER"] });
  const deleted = await deps.db
    .delete(schema.spaces)
    .where(and(eq(schema.spaces.id, input.spaceId), eq(schema.spaces.siteId, input.siteId)))
    .returning({ id: schema.spaces.id });
  if (deleted.length === 0) throw new AppError("NOT_FOUND", "no such space in this site");
}
