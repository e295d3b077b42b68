/** The pending second step of a sign-in with 2FA: single use, 5 minutes, at most 5 attempts. */
import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import type { Clock } from "../../shared/clock/index.ts";
import { sha256Hex } from "../../shared/digest/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { randomToken } from "../../shared/ids/index.ts";
import * as schema from "./schema.ts";
import type { AccountsDb } from "./signing-keys.ts";

export const CHALLENGE_TTL_S = 5 * 60;
const MAX_ATTEMPTS = 5;

interface ChallengeDeps {
  db: AccountsDb;
  clock: Clock;
}

/** Opens a challenge after the password was right; the token proves only that, never grants access. */
export async function openChallenge(deps: ChallengeDeps, userId: string): Promise<string> {
  const token = randomToken(32);
  const now = deps.clock.now();
  await deps.db.insert(schema.signInChallenges).values({
    tokenHash: await sha256Hex(token),
    userId,
    createdAt: now,
    expiresAt: now + CHALLENGE_TTL_S * 1000,
  });
  return token;
}

const refused = () => new AppError("UNAUTHORIZED", "sign-in challenge is invalid, expired or used up");

/**
 * Counts one attempt against the challenge and returns its user. The count is a conditional UPDATE, so
 * parallel guesses cannot exceed MAX_ATTEMPTS between them.
 */
export async function attemptChallenge(deps: ChallengeDeps, token: string): Promise<{ userId: string }> {
  const now = deps.clock.now();
  const [row] = await deps.db
    .update(schema.signInChallenges)
    .set({ attempts: sql`${schema.signInChallenges.attempts} + 1` })
    .where(
      and(
        eq(schema.signInChallenges.tokenHash, await sha256Hex(token)),
        isNull(schema.signInChallenges.consumedAt),
        gt(schema.signInChallenges.expiresAt, now),
        lt(schema.signInChallenges.attempts, MAX_ATTEMPTS),
      ),
    )
    .returning({ userId: schema.signInChallenges.userId });
  if (!row) throw refused();
  return row;
}

/** Marks the challenge used; false when a concurrent request already did (it then loses). */
export async function consumeChallenge(deps: ChallengeDeps, token: string): Promise<boolean> {
  const done = await deps.db
    .update(schema.signInChallenges)
    .set({ consumedAt: deps.clock.now() })
    .where(
      and(
        eq(schema.signInChallenges.tokenHash, await sha256Hex(token)),
        isNull(schema.signInChallenges.consumedAt),
      ),
    )
    .returning({ userId: schema.signInChallenges.userId });
  return done.length === 1;
}
