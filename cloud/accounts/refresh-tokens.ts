/** Refresh tokens: opaque, 7 days, rotated on every use, with reuse detection per family (RFC 9700 §4.14.2). */

import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Clock } from "../../shared/clock/index.ts";
import { sha256Hex } from "../../shared/digest/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { randomToken, uuidv7 } from "../../shared/ids/index.ts";
import { batch } from "../db/index.ts";
import { timingSafeEqualText } from "./password.ts";
import * as schema from "./schema.ts";
import type { AccountsDb } from "./signing-keys.ts";

export const REFRESH_TOKEN_TTL_S = 7 * 24 * 60 * 60;

interface RefreshDeps {
  db: AccountsDb;
  clock: Clock;
}

export interface IssuedRefreshToken {
  refreshToken: string;
  refreshExpiresIn: number;
}

/** Starts a new family (a sign-in) or continues one (a rotation); the token is shown once, stored hashed. */
export async function issueRefreshToken(
  deps: RefreshDeps,
  input: { userId: string; familyId?: string },
): Promise<IssuedRefreshToken> {
  const now = deps.clock.now();
  const id = uuidv7(now);
  const secret = randomToken(32);
  const familyId = input.familyId ?? id;
  const t = schema.refreshTokens;
  // A rotation can race a reuse that revokes the family between our consume and this insert;
  // the new token is born revoked then, in the same transaction, so no token outlives its family.
  const [, bornRevoked] = await batch(deps.db, [
    deps.db.insert(t).values({
      id,
      familyId,
      userId: input.userId,
      secretHash: await sha256Hex(secret),
      createdAt: now,
      expiresAt: now + REFRESH_TOKEN_TTL_S * 1000,
    }),
    deps.db
      .update(t)
      .set({ revokedAt: now })
      .where(
        and(
          eq(t.id, id),
          sql`exists (select 1 from ${t} where ${t.familyId} = ${familyId} and ${t.revokedAt} is not null)`,
        ),
      )
      .returning({ id: t.id }),
  ]);
  if (bornRevoked.length > 0) throw invalid();
  return { refreshToken: `${id}.${secret}`, refreshExpiresIn: REFRESH_TOKEN_TTL_S };
}

const invalid = () => new AppError("UNAUTHORIZED", "refresh token is invalid, expired or revoked");

/**
 * Consumes a refresh token and returns its user and family, for the caller to issue the next one.
 * The consume is one conditional UPDATE, so of two concurrent uses exactly one wins; the loser (and any
 * later replay of a consumed token) is treated as theft and the whole family is revoked.
 */
export async function consumeRefreshToken(
  deps: RefreshDeps,
  token: string,
): Promise<{ userId: string; familyId: string }> {
  const row = await findByToken(deps, token);
  if (!row) throw invalid();
  const now = deps.clock.now();
  if (row.revokedAt !== null || row.expiresAt <= now) throw invalid();
  const consumed = await deps.db
    .update(schema.refreshTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(schema.refreshTokens.id, row.id),
        isNull(schema.refreshTokens.usedAt),
        isNull(schema.refreshTokens.revokedAt),
        gt(schema.refreshTokens.expiresAt, now),
      ),
    )
    .returning({ id: schema.refreshTokens.id });
  if (consumed.length === 0) {
    await revokeFamily(deps, row.familyId);
    throw new AppError("UNAUTHORIZED", "refresh token reuse detected; every session of this sign-in ended");
  }
  return { userId: row.userId, familyId: row.familyId };
}

/** Ends the sign-in the token belongs to (sign-out). Unknown tokens are ignored: sign-out is idempotent. */
/** Revokes the family of `token`; answers whose it was (undefined for an unknown token). */
export async function revokeFamilyOf(deps: RefreshDeps, token: string): Promise<string | undefined> {
  const row = await findByToken(deps, token);
  if (!row) return undefined;
  await revokeFamily(deps, row.familyId);
  return row.userId;
}

export async function revokeFamily(deps: RefreshDeps, familyId: string): Promise<void> {
  await deps.db
    .update(schema.refreshTokens)
    .set({ revokedAt: deps.clock.now() })
    .where(and(eq(schema.refreshTokens.familyId, familyId), isNull(schema.refreshTokens.revokedAt)));
}

/** Ends every sign-in of a user (password change or reset, "sign out everywhere"). */
export async function revokeAllRefreshTokens(deps: RefreshDeps, userId: string): Promise<void> {
  await deps.db
    .update(schema.refreshTokens)
    .set({ revokedAt: deps.clock.now() })
    .where(and(eq(schema.refreshTokens.userId, userId), isNull(schema.refreshTokens.revokedAt)));
}

async function findByToken(deps: RefreshDeps, token: string) {
  const [id, secret, ...rest] = token.split(".");
  if (!id || !secret || rest.length > 0 || id.length > 64) return undefined;
  const row = await deps.db.select().from(schema.refreshTokens).where(eq(schema.refreshTokens.id, id)).get();
  if (!row || !timingSafeEqualText(await sha256Hex(secret), row.secretHash)) return undefined;
  return row;
}
