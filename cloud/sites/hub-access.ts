/** A member's hub access token (contract C2): a site member asks, accounts signs, the site's hub verifies it offline. */
import { and, desc, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { HubAccessTokenClaims } from "../../shared/access-token/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import * as schema from "./schema.ts";
import { requireMembership, type SitesDb } from "./sites.ts";

/** Signs the token; injected from accounts (which holds the keys), so sites never reads accounts' tables. */
export type IssueHubAccessToken = (input: {
  userId: string;
  email: string;
  hubId: string;
  siteId: string;
  role: HubAccessTokenClaims["role"];
}) => Promise<{ token: string; expiresIn: number }>;

export const hubTokenRequestSchema = z.object({ hubId: z.string().min(1).max(64).optional() }).strict();

/**
 * Any member gets a token for one of the site's live hubs (the newest unless `hubId` names one).
 * The hub decides what the person may do from its members table; the token only says who they are.
 */
export async function hubAccessToken(
  deps: { db: SitesDb; issueHubAccessToken: IssueHubAccessToken },
  input: { siteId: string; userId: string; email: string; hubId?: string },
): Promise<{ token: string; expiresIn: number; hubId: string }> {
  const role = await requireMembership(deps, input);
  const live = and(eq(schema.hubs.siteId, input.siteId), isNull(schema.hubs.revokedAt));
  const hub = await deps.db
    .select({ id: schema.hubs.id })
    .from(schema.hubs)
    .where(input.hubId ? and(live, eq(schema.hubs.id, input.hubId)) : live)
    .orderBy(desc(schema.hubs.claimedAt))
    .get();
  if (!hub)
    throw new AppError(
      "NOT_FOUND",
      input.hubId ? "no such live hub in this site" : "this site has no hub yet",
    );
  const issued = await deps.issueHubAccessToken({
    userId: input.userId,
    email: input.email,
    hubId: hub.id,
    siteId: input.siteId,
    role,
  });
  return { ...issued, hubId: hub.id };
}
