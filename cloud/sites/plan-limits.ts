/**
 * Plan limits on what sites creates (sites per account, members and hubs per site). Billing decides what the plan allows through the
 * injected `PlanLimitCheck`; this module only counts its own rows. Without a check (module tests) nothing is limited.
 */
import { and, count, eq, isNull } from "drizzle-orm";
import type { PlanLimitCheck } from "../../shared/billing/index.ts";
import type { SiteLedgers } from "./ledger/types.ts";
import * as schema from "./schema.ts";
import type { SitesDb } from "./sites.ts";

export interface PlanLimitDeps {
  db: SitesDb;
  planLimits?: PlanLimitCheck;
}

/** One more site for `accountId` (sites count against the account that created them). */
export async function checkSiteLimit(deps: PlanLimitDeps, accountId: string): Promise<void> {
  if (!deps.planLimits) return;
  const [row] = await deps.db
    .select({ n: count() })
    .from(schema.sites)
    .where(eq(schema.sites.createdBy, accountId));
  await deps.planLimits(accountId, "sites", row?.n ?? 0);
}

async function siteAccount(db: SitesDb, siteId: string): Promise<string | undefined> {
  const site = await db
    .select({ createdBy: schema.sites.createdBy })
    .from(schema.sites)
    .where(eq(schema.sites.id, siteId))
    .get();
  return site?.createdBy;
}

/** One more member of `siteId`, against the plan of the account the site belongs to. */
export async function checkMemberLimit(deps: PlanLimitDeps, siteId: string): Promise<void> {
  if (!deps.planLimits) return;
  const account = await siteAccount(deps.db, siteId);
  if (!account) return;
  const [row] = await deps.db
    .select({ n: count() })
    .from(schema.siteMembers)
    .where(eq(schema.siteMembers.siteId, siteId));
  await deps.planLimits(account, "members", row?.n ?? 0);
}

/** One more hub (not revoked) on `siteId`, against the plan of the account the site belongs to. */
export async function checkHubLimit(deps: PlanLimitDeps, siteId: string): Promise<void> {
  if (!deps.planLimits) return;
  const account = await siteAccount(deps.db, siteId);
  if (!account) return;
  const [row] = await deps.db
    .select({ n: count() })
    .from(schema.hubs)
    .where(and(eq(schema.hubs.siteId, siteId), isNull(schema.hubs.revokedAt)));
  await deps.planLimits(account, "hubs", row?.n ?? 0);
}

/**
 * One more equipment unit on `siteId`. Units come from two places: configured in the cloud (desired state)
 * and made on the hub (seen by the site's ledger); the larger count is what the site uses.
 */
export async function checkEquipmentLimit(
  deps: PlanLimitDeps & { ledgers?: SiteLedgers },
  siteId: string,
): Promise<void> {
  if (!deps.planLimits) return;
  const account = await siteAccount(deps.db, siteId);
  if (!account) return;
  const [row] = await deps.db
    .select({ n: count() })
    .from(schema.siteEquipment)
    .where(eq(schema.siteEquipment.siteId, siteId));
  const seen = deps.ledgers ? (await deps.ledgers.equipment(siteId)).length : 0;
  await deps.planLimits(account, "equipment", Math.max(row?.n ?? 0, seen));
}
