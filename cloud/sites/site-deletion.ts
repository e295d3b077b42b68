/**
 * Deleting a site (OWNER, typing its name), and the rule for the sites of a person who deletes their account:
 * a site only they belong to goes with the account; a site they alone own, with other members, stops the
 * deletion (they hand it over or delete it first); elsewhere only their membership ends.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { batch } from "../db/index.ts";
import type { SiteLedgers } from "./ledger/types.ts";
import * as schema from "./schema.ts";
import { requireMembership, type SitesDb } from "./sites.ts";

export interface SiteDeletionDeps {
  db: SitesDb;
  clock: Clock;
  ledgers: Pick<SiteLedgers, "disconnect">;
}

export const deleteSiteSchema = z.object({ name: z.string().trim().min(1).max(200) }).strict();

/**
 * Deletes the site: members, pending invites and claim codes go, its hubs are revoked (they keep running the
 * site offline, as a hub that never reaches the cloud does), and open live views close. The row and its
 * synced records stay, out of everyone's reach.
 */
export async function deleteSite(
  deps: SiteDeletionDeps,
  input: { siteId: string; userId: string } & z.infer<typeof deleteSiteSchema>,
): Promise<void> {
  await requireMembership(deps, { siteId: input.siteId, userId: input.userId, roles: ["OWNER"] });
  const site = await deps.db
    .select({ name: schema.sites.name })
    .from(schema.sites)
    .where(eq(schema.sites.id, input.siteId))
    .get();
  if (site?.name !== input.name)
    throw new AppError("VALIDATION_ERROR", "type the site's name exactly to delete it");
  await removeSites(deps, [input.siteId]);
}

/** Marks sites deleted and removes everything that gives anyone access to them, in one batch. */
async function removeSites(deps: SiteDeletionDeps, siteIds: string[]): Promise<void> {
  if (siteIds.length === 0) return;
  const now = deps.clock.now();
  const { db } = deps;
  const members = await db
    .select({ siteId: schema.siteMembers.siteId, userId: schema.siteMembers.userId })
    .from(schema.siteMembers)
    .where(inArray(schema.siteMembers.siteId, siteIds));
  await batch(db, [
    db.update(schema.sites).set({ deletedAt: now }).where(inArray(schema.sites.id, siteIds)),
    db.delete(schema.siteMembers).where(inArray(schema.siteMembers.siteId, siteIds)),
    // Recorded like any removal, so the site's hubs drop the people from their next document.
    ...members.map((m) =>
      db
        .insert(schema.siteMemberRemovals)
        .values({ ...m, removedAt: now })
        .onConflictDoUpdate({
          target: [schema.siteMemberRemovals.siteId, schema.siteMemberRemovals.userId],
          set: { removedAt: now },
        }),
    ),
    db
      .update(schema.siteInvites)
      .set({ revokedAt: now })
      .where(
        and(
          inArray(schema.siteInvites.siteId, siteIds),
          isNull(schema.siteInvites.acceptedAt),
          isNull(schema.siteInvites.revokedAt),
        ),
      ),
    db.delete(schema.claimCodes).where(inArray(schema.claimCodes.siteId, siteIds)),
    db
      .update(schema.hubs)
      .set({ revokedAt: now })
      .where(and(inArray(schema.hubs.siteId, siteIds), isNull(schema.hubs.revokedAt))),
  ]);
  for (const m of members) await deps.ledgers.disconnect(m.siteId, m.userId);
}

/**
 * Before an account goes: refuses (CONFLICT, naming them) while the person is the only owner of a site that
 * has other members; deletes the sites they are the only member of. Changes nothing when it refuses.
 */
export async function settleOwnedSites(deps: SiteDeletionDeps, userId: string): Promise<{ deleted: number }> {
  const owned = await deps.db
    .select({ siteId: schema.siteMembers.siteId, name: schema.sites.name })
    .from(schema.siteMembers)
    .innerJoin(schema.sites, eq(schema.sites.id, schema.siteMembers.siteId))
    .where(and(eq(schema.siteMembers.userId, userId), eq(schema.siteMembers.role, "OWNER")));
  if (owned.length === 0) return { deleted: 0 };
  const all = await deps.db
    .select({
      siteId: schema.siteMembers.siteId,
      userId: schema.siteMembers.userId,
      role: schema.siteMembers.role,
    })
    .from(schema.siteMembers)
    .where(
      inArray(
        schema.siteMembers.siteId,
        owned.map((o) => o.siteId),
      ),
    );
  const alone: string[] = [];
  const blocking: string[] = [];
  for (const o of owned) {
    const others = all.filter((m) => m.siteId === o.siteId && m.userId !== userId);
    if (others.length === 0) alone.push(o.siteId);
    else if (!others.some((m) => m.role === "OWNER")) blocking.push(o.name);
  }
  if (blocking.length > 0) {
    throw new AppError(
      "CONFLICT",
      `You are the only owner of ${blocking.join(", ")}: make another member an owner or delete the site first`,
      { sites: blocking },
    );
  }
  await removeSites(deps, alone);
  return { deleted: alone.length };
}
