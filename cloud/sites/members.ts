/** Site members (seed 004 space_users): listing, role changes and removal, never leaving a site without an OWNER. */
import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { SITE_ROLES, type SiteRole } from "../../shared/roles/index.ts";
import type { SiteLedgers } from "./ledger/types.ts";
import * as schema from "./schema.ts";
import { settleOwnedSites } from "./site-deletion.ts";
import { requireMembership, type SitesDb } from "./sites.ts";

export const memberRoleSchema = z.object({ role: z.enum(SITE_ROLES) });

export interface MemberView {
  userId: string;
  role: SiteRole;
  createdAt: string;
  /** The person's display name, else their email; null only when accounts cannot say (bare tests). */
  name?: string | null;
  email?: string | null;
}

type People = (userIds: string[]) => Promise<{ userId: string; email: string; displayName: string | null }[]>;

/** Everyone in the site with their role; any member may see who else is. */
export async function listMembers(
  deps: { db: SitesDb; people?: People },
  input: { siteId: string; userId: string },
): Promise<MemberView[]> {
  await requireMembership(deps, input);
  const rows = await deps.db
    .select()
    .from(schema.siteMembers)
    .where(eq(schema.siteMembers.siteId, input.siteId))
    .orderBy(asc(schema.siteMembers.createdAt));
  const people = new Map((await deps.people?.(rows.map((r) => r.userId)))?.map((p) => [p.userId, p]));
  return rows.map((r) => {
    const p = people.get(r.userId);
    return {
      userId: r.userId,
      role: r.role,
      createdAt: new Date(r.createdAt).toISOString(),
      name: p ? (p.displayName ?? p.email) : null,
      email: p?.email ?? null,
    };
  });
}

/** Adds a member, or leaves an existing one as they are (invite acceptance, tests). */
export async function addMember(
  deps: { db: SitesDb; clock: Clock },
  input: { siteId: string; userId: string; role: SiteRole },
): Promise<void> {
  await deps.db
    .insert(schema.siteMembers)
    .values({ ...input, createdAt: deps.clock.now() })
    .onConflictDoNothing();
}

// True unless the row is the site's only OWNER: evaluated inside the UPDATE/DELETE, so two owners demoting
// each other at once cannot both succeed.
const notLastOwner = (siteId: string) => sql`NOT (${schema.siteMembers.role} = 'OWNER' AND
  (SELECT count(*) FROM site_members o WHERE o.site_id = ${siteId} AND o.role = 'OWNER') <= 1)`;

/** Changes a member's role (OWNER only); CONFLICT when it would leave no OWNER. */
export async function changeMemberRole(
  deps: { db: SitesDb },
  input: { siteId: string; userId: string; memberId: string; role: SiteRole },
): Promise<MemberView> {
  await requireMembership(deps, { siteId: input.siteId, userId: input.userId, roles: ["OWNER"] });
  const target = and(
    eq(schema.siteMembers.siteId, input.siteId),
    eq(schema.siteMembers.userId, input.memberId),
  );
  const condition = input.role === "OWNER" ? target : and(target, notLastOwner(input.siteId));
  const [row] = await deps.db
    .update(schema.siteMembers)
    .set({ role: input.role })
    .where(condition)
    .returning();
  if (!row) await refuseChange(deps, input.siteId, input.memberId);
  return { userId: row!.userId, role: row!.role, createdAt: new Date(row!.createdAt).toISOString() };
}

/** Removes a member: an OWNER may remove anyone, anyone may leave; never the last OWNER. */
export async function removeMember(
  deps: { db: SitesDb; clock: Clock },
  input: { siteId: string; userId: string; memberId: string },
): Promise<void> {
  const self = input.userId === input.memberId;
  await requireMembership(deps, {
    siteId: input.siteId,
    userId: input.userId,
    ...(self ? {} : { roles: ["OWNER"] as const }),
  });
  const deleted = await deps.db
    .delete(schema.siteMembers)
    .where(
      and(
        eq(schema.siteMembers.siteId, input.siteId),
        eq(schema.siteMembers.userId, input.memberId),
        notLastOwner(input.siteId),
      ),
    )
    .returning({ userId: schema.siteMembers.userId });
  if (deleted.length === 0) await refuseChange(deps, input.siteId, input.memberId);
  // Kept for the hub's desired state: the removed member's tokens are refused from the next version.
  const removedAt = deps.clock.now();
  await deps.db
    .insert(schema.siteMemberRemovals)
    .values({ siteId: input.siteId, userId: input.memberId, removedAt })
    .onConflictDoUpdate({
      target: [schema.siteMemberRemovals.siteId, schema.siteMemberRemovals.userId],
      set: { removedAt },
    });
}

/**
 * Forgets a person everywhere in sites (their account is being deleted): every membership goes, each
 * recorded as a removal so hubs refuse their tokens from the next desired-state version, and their live
 * sockets close. The last OWNER is removed too: the account is going, and the site stays, as organisations do.
 */
export async function forgetMember(
  deps: { db: SitesDb; clock: Clock; ledgers: Pick<SiteLedgers, "disconnect"> },
  userId: string,
): Promise<{ sites: number }> {
  // The owned sites' rule first: a refusal changes nothing.
  await settleOwnedSites(deps, userId);
  const removed = await deps.db
    .delete(schema.siteMembers)
    .where(eq(schema.siteMembers.userId, userId))
    .returning({ siteId: schema.siteMembers.siteId });
  const removedAt = deps.clock.now();
  for (const { siteId } of removed) {
    await deps.db
      .insert(schema.siteMemberRemovals)
      .values({ siteId, userId, removedAt })
      .onConflictDoUpdate({
        target: [schema.siteMemberRemovals.siteId, schema.siteMemberRemovals.userId],
        set: { removedAt },
      });
    await deps.ledgers.disconnect(siteId, userId);
  }
  return { sites: removed.length };
}

async function refuseChange(deps: { db: SitesDb }, siteId: string, memberId: string): Promise<never> {
  const exists = await deps.db
    .select({ role: schema.siteMembers.role })
    .from(schema.siteMembers)
    .where(and(eq(schema.siteMembers.siteId, siteId), eq(schema.siteMembers.userId, memberId)))
    .get();
  if (!exists) throw new AppError("NOT_FOUND", "no such member");
  throw new AppError("CONFLICT", "a site must keep at least one OWNER");
}
