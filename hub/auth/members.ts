/** Reads of the members tables that desired state writes (hub/auth/sections.ts), and forgetting the site. */
import { eq } from "drizzle-orm";
import { type HubDb, hubSessions, removedMembers, siteMembers, trustedKeys } from "../db/index.ts";

/** The member, unless absent or listed as removed. */
export async function memberOf(db: HubDb, userId: string) {
  const [removed] = await db.select().from(removedMembers).where(eq(removedMembers.userId, userId));
  if (removed) return undefined;
  const [member] = await db.select().from(siteMembers).where(eq(siteMembers.userId, userId));
  return member;
}

/**
 * Forgets the previous site's keys, members and cloud sessions: called when the hub is (re)claimed, so
 * nobody from a site the hub left keeps a way in until the new site's desired state arrives.
 */
export async function forgetCloudSite(db: HubDb): Promise<void> {
  // One batch, not an interactive transaction: the write lock is never held across a turn of the event loop.
  await db.batch([
    db.delete(trustedKeys),
    db.delete(siteMembers),
    db.delete(removedMembers),
    db.delete(hubSessions).where(eq(hubSessions.kind, "cloud")),
  ]);
}
