/** Hub claim: an owner mints a one-time code, the hub trades it (with its public key) for a hub id. */

import { and, isNull, lt, sql } from "drizzle-orm";
import type { Clock } from "../../shared/clock/index.ts";
import { sha256Hex } from "../../shared/digest/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { randomCode, uuidv7 } from "../../shared/ids/index.ts";
import type { ClaimRequest, ClaimResponse } from "../../shared/sync/index.ts";
import { batch } from "../db/index.ts";
import { checkHubLimit, type PlanLimitDeps } from "./plan-limits.ts";
import * as schema from "./schema.ts";
import { requireMembership, type SitesDb } from "./sites.ts";

export const CLAIM_CODE_TTL_MS = 24 * 60 * 60 * 1000;
// Crockford base32, read aloud or typed on a hub console.
const CODE_CHARS = 16; // 80 random bits

export interface ClaimCode {
  code: string;
  siteId: string;
  expiresAt: string;
}

/**
 * Mints a one-time claim code for a site; only its OWNER may, and only while the plan allows one more hub
 * (checked here, where the owner adds a hub). The code is shown once, stored hashed.
 */
export async function createClaimCode(
  deps: { db: SitesDb; clock: Clock } & Pick<PlanLimitDeps, "planLimits">,
  input: { siteId: string; userId: string },
): Promise<ClaimCode> {
  await requireMembership(deps, { ...input, roles: ["OWNER"] });
  await checkHubLimit(deps, input.siteId);
  const now = deps.clock.now();
  const raw = randomCode(CODE_CHARS);
  const expiresAt = now + CLAIM_CODE_TTL_MS;
  await deps.db.insert(schema.claimCodes).values({
    codeHash: await hashCode(raw),
    siteId: input.siteId,
    createdBy: input.userId,
    createdAt: now,
    expiresAt,
  });
  return {
    code: raw.match(/.{4}/g)!.join("-"),
    siteId: input.siteId,
    expiresAt: new Date(expiresAt).toISOString(),
  };
}

/**
 * Registers a hub under the code's site and consumes the code, in one D1 batch (one transaction): both
 * statements carry the same "unused and unexpired" condition, so of two hubs racing one code exactly one
 * wins. Unknown, used and expired codes get the same FORBIDDEN answer.
 */
export async function claimHub(
  deps: { db: SitesDb; clock: Clock },
  input: ClaimRequest,
): Promise<ClaimResponse> {
  const now = deps.clock.now();
  const hubId = uuidv7(now);
  const codeHash = await hashCode(normaliseCode(input.code));
  const usable = sql`code_hash = ${codeHash} AND consumed_at IS NULL AND expires_at > ${now}`;
  const claimedHub = deps.db
    .select({
      id: sql<string>`${hubId}`.as("id"),
      siteId: schema.claimCodes.siteId,
      publicJwk: sql<string>`${JSON.stringify(input.publicKey)}`.as("public_jwk"),
      name: sql<string>`${input.name ?? "Hub"}`.as("name"),
      claimedAt: sql<number>`${now}`.as("claimed_at"),
      revokedAt: sql<number | null>`NULL`.as("revoked_at"),
      // Its claim is its first contact: a hub that never syncs after it is still found silent.
      lastSeenAt: sql<number>`${now}`.as("last_seen_at"),
      offlineSince: sql<number | null>`NULL`.as("offline_since"),
    })
    .from(schema.claimCodes)
    .where(usable);
  const [, consumed] = await batch(deps.db, [
    deps.db.insert(schema.hubs).select(claimedHub),
    deps.db
      .update(schema.claimCodes)
      .set({ consumedAt: now, hubId })
      .where(usable)
      .returning({ siteId: schema.claimCodes.siteId }),
  ]);
  const siteId = consumed[0]?.siteId;
  if (!siteId) throw new AppError("FORBIDDEN", "claim code is invalid, used or expired");
  return { hubId, siteId };
}

/** Deletes codes that expired unused (consumed ones stay: they record which code made which hub). */
export async function purgeExpiredClaimCodes(deps: { db: SitesDb; clock: Clock }): Promise<number> {
  const deleted = await deps.db
    .delete(schema.claimCodes)
    .where(and(isNull(schema.claimCodes.consumedAt), lt(schema.claimCodes.expiresAt, deps.clock.now())))
    .returning({ codeHash: schema.claimCodes.codeHash });
  return deleted.length;
}

/** Upper-cases, drops separators and maps Crockford look-alikes (I, L → 1; O → 0). */
export function normaliseCode(code: string): string {
  return code
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, "")
    .replace(/[IL]/g, "1")
    .replace(/O/g, "0");
}

// Codes carry 80 random bits, so a fast hash is enough: there is no dictionary to guess from.
const hashCode = sha256Hex;
