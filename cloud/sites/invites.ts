/** Invitations: an OWNER invites an email with a role; that person, signed in with that email, accepts once. */
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../../shared/clock/index.ts";
import { sha256Hex } from "../../shared/digest/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { randomToken, uuidv7 } from "../../shared/ids/index.ts";
import { mailedLink } from "../../shared/mailed-links/index.ts";
import { SITE_ROLES, type SiteRole } from "../../shared/roles/index.ts";
import { batch } from "../db/index.ts";
import { addMember } from "./members.ts";
import { checkMemberLimit, type PlanLimitDeps } from "./plan-limits.ts";
import * as schema from "./schema.ts";
import { requireMembership, type SitesDb } from "./sites.ts";

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export const inviteSchema = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  role: z.enum(SITE_ROLES),
});
export const acceptInviteSchema = z.object({ token: z.string().min(16).max(128) });

/** How invitation emails leave (the notifications outbox). */
export interface InviteMailer {
  send(message: { to: string; template: "site-invite"; data: Record<string, string> }): Promise<void>;
}

export interface InviteDeps {
  db: SitesDb;
  clock: Clock;
  mailer: InviteMailer;
  /** Where the web app accepts invitations, e.g. `https://app.example/invites`. */
  inviteUrl: string;
  planLimits?: PlanLimitDeps["planLimits"];
}

export interface InviteView {
  id: string;
  email: string;
  role: SiteRole;
  expiresAt: string;
}

/**
 * Creates an invitation and emails its link; the token is also answered once, for sharing by hand. One
 * invitation per address per site: a second one replaces the pending first (its link stops working), so
 * "send again" and "invite with another role" both leave exactly one that can be accepted.
 */
export async function inviteMember(
  deps: InviteDeps,
  input: { siteId: string; userId: string; email: string; role: SiteRole },
): Promise<InviteView & { token: string }> {
  await requireMembership(deps, { siteId: input.siteId, userId: input.userId, roles: ["OWNER"] });
  // Checked here so the owner hears it, and again at acceptance, which is what actually adds the member.
  await checkMemberLimit(deps, input.siteId);
  const now = deps.clock.now();
  const token = randomToken(32);
  const row = {
    id: uuidv7(now),
    tokenHash: await sha256Hex(token),
    siteId: input.siteId,
    email: input.email,
    role: input.role,
    createdBy: input.userId,
    createdAt: now,
    expiresAt: now + INVITE_TTL_MS,
  };
  // One statement batch: the old link dies exactly when the new one is born.
  await batch(deps.db, [
    deps.db
      .update(schema.siteInvites)
      .set({ revokedAt: now })
      .where(
        and(
          eq(schema.siteInvites.siteId, input.siteId),
          sql`lower(${schema.siteInvites.email}) = lower(${input.email})`,
          pending(now),
        ),
      ),
    deps.db.insert(schema.siteInvites).values(row),
  ]);
  await deps.mailer.send({
    to: input.email,
    template: "site-invite",
    data: { link: mailedLink(deps.inviteUrl, token), role: input.role },
  });
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    expiresAt: new Date(row.expiresAt).toISOString(),
    token,
  };
}

/** Pending invitations of a site (OWNER only). */
export async function listInvites(
  deps: { db: SitesDb; clock: Clock },
  input: { siteId: string; userId: string },
): Promise<InviteView[]> {
  await requireMembership(deps, { ...input, roles: ["OWNER"] });
  const rows = await deps.db
    .select()
    .from(schema.siteInvites)
    .where(and(eq(schema.siteInvites.siteId, input.siteId), pending(deps.clock.now())))
    .orderBy(desc(schema.siteInvites.createdAt));
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    role: r.role,
    expiresAt: new Date(r.expiresAt).toISOString(),
  }));
}

/** Withdraws a pending invitation (OWNER only). */
export async function revokeInvite(
  deps: { db: SitesDb; clock: Clock },
  input: { siteId: string; userId: string; inviteId: string },
): Promise<void> {
  await requireMembership(deps, { siteId: input.siteId, userId: input.userId, roles: ["OWNER"] });
  const done = await deps.db
    .update(schema.siteInvites)
    .set({ revokedAt: deps.clock.now() })
    .where(
      and(
        eq(schema.siteInvites.id, input.inviteId),
        eq(schema.siteInvites.siteId, input.siteId),
        pending(deps.clock.now()),
      ),
    )
    .returning({ id: schema.siteInvites.id });
  if (done.length === 0) throw new AppError("NOT_FOUND", "no such pending invitation");
}

/**
 * Accepts with the token, as the user the invitation was addressed to. The token is spent by one
 * conditional UPDATE (single use under races); a token for another email is refused and stays unspent.
 */
export async function acceptInvite(
  deps: { db: SitesDb; clock: Clock } & Pick<PlanLimitDeps, "planLimits">,
  input: { token: string; userId: string; email: string; emailVerified: boolean },
): Promise<{ siteId: string; role: SiteRole }> {
  // Rule (accounts): an unverified account cannot join a site; the invitation stays unspent.
  if (!input.emailVerified)
    throw new AppError("FORBIDDEN", "verify your email address before joining a site");
  const now = deps.clock.now();
  const refused = new AppError(
    "FORBIDDEN",
    "invitation is invalid, used, revoked, expired or for another email",
  );
  // A full site refuses before the token is spent, so the invitation still works once there is room.
  const invite = await deps.db
    .select({ siteId: schema.siteInvites.siteId })
    .from(schema.siteInvites)
    .where(and(eq(schema.siteInvites.tokenHash, await sha256Hex(input.token)), pending(now)))
    .get();
  if (invite) await checkMemberLimit(deps, invite.siteId);
  const [spent] = await deps.db
    .update(schema.siteInvites)
    .set({ acceptedAt: now, acceptedBy: input.userId })
    .where(
      and(
        eq(schema.siteInvites.tokenHash, await sha256Hex(input.token)),
        eq(schema.siteInvites.email, input.email.toLowerCase()),
        pending(now),
      ),
    )
    .returning({ siteId: schema.siteInvites.siteId, role: schema.siteInvites.role });
  if (!spent) throw refused;
  await addMember(deps, { siteId: spent.siteId, userId: input.userId, role: spent.role });
  return spent;
}

function pending(now: number) {
  return and(
    isNull(schema.siteInvites.acceptedAt),
    isNull(schema.siteInvites.revokedAt),
    gt(schema.siteInvites.expiresAt, now),
  );
}
