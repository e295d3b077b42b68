/**
 * Signing in with a short one-time code (issue 19) that desired state brought down hashed: checked here with the
 * cloud unreachable. A technician's code starts a `technician` session, which reaches only the routes that
 * declare `visit` access (hub/api/guard.ts) and, through the visit verbs, only the work orders that name them.
 */
import { and, eq, gt, lte, sql } from "drizzle-orm";
import { AppError } from "../../shared/errors/index.ts";
import { hashSignInCode, type SignInCodeEntry } from "../../shared/sign-in-code/index.ts";
import { type HubDb, signInCodes, usedSignInCodes } from "../db/index.ts";
import type { HubTx } from "../desired-state/section.ts";
import { getCloudBinding } from "../sync/index.ts";
import type { AuthDeps, SignedIn } from "./credentials.ts";
import { startSession } from "./sessions.ts";
import { addressScope, SIGN_IN_LIMITS } from "./throttle.ts";
import { trustedNow } from "./trusted-time.ts";

/** A technician's session lasts a working day on site (and ends sooner at sign-out). */
export const TECHNICIAN_SESSION_TTL_MS = 8 * 3600_000;

/** Replaces the technician codes with the section's, leaving out the ones already used here. */
export async function replaceTechnicianCodes(tx: HubTx, entries: readonly SignInCodeEntry[]): Promise<void> {
  await tx.delete(signInCodes).where(eq(signInCodes.kind, "technician"));
  for (const e of entries) {
    await tx.run(
      sql`INSERT INTO sign_in_codes (hash, kind, user_id, name, expires_at)
          SELECT ${e.hash}, 'technician', ${e.userId}, ${e.name}, ${Date.parse(e.expiresAt)}
          WHERE NOT EXISTS (SELECT 1 FROM used_sign_in_codes WHERE hash = ${e.hash})
          ON CONFLICT(hash) DO NOTHING`,
    );
  }
}

/** Uses the code once: true for exactly one of any number of concurrent callers. */
async function spend(db: HubDb, row: typeof signInCodes.$inferSelect, now: number): Promise<boolean> {
  const [done] = await db.batch([
    db.delete(signInCodes).where(eq(signInCodes.hash, row.hash)).returning(),
    db
      .insert(usedSignInCodes)
      .values({ hash: row.hash, usedAt: now, expiresAt: row.expiresAt })
      .onConflictDoNothing(),
    db.delete(usedSignInCodes).where(lte(usedSignInCodes.expiresAt, now)),
  ]);
  return done.length === 1;
}

/**
 * A typed code → a session. Throttled per address like every sign-in here (reserved before the check, settled
 * after), so a wrong guess answers RATE_LIMITED with `retryAfterSeconds` once the address used its failures.
 */
export async function signInWithCode(
  deps: AuthDeps,
  input: { code: string; address: string },
): Promise<SignedIn> {
  const attempt = deps.throttle.reserve([
    { key: `addr:${addressScope(input.address)}`, rule: SIGN_IN_LIMITS.perAddress },
  ]);
  let row: typeof signInCodes.$inferSelect | undefined;
  let now: number;
  try {
    now = await trustedNow(deps.db, deps.clock);
    const binding = await getCloudBinding(deps.db);
    if (binding) {
      const hash = await hashSignInCode(binding.siteId, input.code);
      [row] = await deps.db
        .select()
        .from(signInCodes)
        .where(and(eq(signInCodes.hash, hash), gt(signInCodes.expiresAt, now)));
    }
    if (!row || !(await spend(deps.db, row, now))) {
      throw new AppError("UNAUTHORIZED", "wrong, expired or already used code");
    }
    attempt.succeeded();
  } catch (err) {
    attempt.failed();
    throw err;
  }
  const expiresAt = now + TECHNICIAN_SESSION_TTL_MS;
  const who = { kind: "technician" as const, subject: row.userId, name: row.name, role: "read" as const };
  const session = await startSession(deps.db, { ...who, expiresAt }, now);
  return {
    principal: who,
    session,
    expiresAt,
    maxAgeS: Math.floor(TECHNICIAN_SESSION_TTL_MS / 1000),
  };
}
