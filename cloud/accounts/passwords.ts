/** Password change (signed in) and reset (by a single-use emailed link); both end every existing sign-in. */
import { and, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { sha256Hex } from "../../shared/digest/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { randomToken } from "../../shared/ids/index.ts";
import { mailedLink } from "../../shared/mailed-links/index.ts";
import { credentialAccount } from "./credential-limits.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { revokeAllRefreshTokens } from "./refresh-tokens.ts";
import * as schema from "./schema.ts";
import { type AccountsDeps, closeLiveSockets } from "./sessions.ts";
import { emailSchema, passwordSchema } from "./users.ts";

export const RESET_TTL_MS = 30 * 60_000;

export const changePasswordSchema = z.object({
  currentPassword: passwordSchema,
  newPassword: passwordSchema,
});
export const resetRequestSchema = z.object({ email: emailSchema });
export const resetConfirmSchema = z.object({
  token: z.string().min(16).max(128),
  newPassword: passwordSchema,
});

/** Needs the current password; afterwards every refresh token of the user is revoked. */
export async function changePassword(
  deps: AccountsDeps,
  input: { userId: string; address: string } & z.infer<typeof changePasswordSchema>,
): Promise<void> {
  const row = await deps.db.select().from(schema.users).where(eq(schema.users.id, input.userId)).get();
  if (!row) throw new AppError("UNAUTHORIZED", "account no longer exists");
  await deps.credentials.attempt({ account: credentialAccount(row), address: input.address });
  if (!(await verifyPassword(input.currentPassword, row.passwordHash))) {
    throw new AppError("UNAUTHORIZED", "current password is incorrect");
  }
  await setPassword(deps, input.userId, input.newPassword);
}

/**
 * Emails a reset link when the account exists; the caller always gets the same answer, so the endpoint
 * does not tell who has an account. The link carries a random token; only its hash is stored.
 */
export async function requestPasswordReset(
  deps: AccountsDeps,
  input: z.infer<typeof resetRequestSchema>,
): Promise<void> {
  const row = await deps.db
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(eq(schema.users.email, input.email))
    .get();
  if (!row) return;
  const token = randomToken(32);
  const now = deps.clock.now();
  await deps.db.insert(schema.passwordResets).values({
    tokenHash: await sha256Hex(token),
    userId: row.id,
    createdAt: now,
    expiresAt: now + RESET_TTL_MS,
  });
  const link = mailedLink(deps.resetUrl, token);
  await deps.mailer.send({
    to: input.email,
    template: "password-reset",
    data: { link, expiresInMinutes: String(RESET_TTL_MS / 60_000) },
  });
}

/** Spends the reset token (one conditional UPDATE: single use even under races) and sets the new password. */
export async function confirmPasswordReset(
  deps: AccountsDeps,
  input: z.infer<typeof resetConfirmSchema>,
): Promise<void> {
  const now = deps.clock.now();
  const [spent] = await deps.db
    .update(schema.passwordResets)
    .set({ usedAt: now })
    .where(
      and(
        eq(schema.passwordResets.tokenHash, await sha256Hex(input.token)),
        isNull(schema.passwordResets.usedAt),
        gt(schema.passwordResets.expiresAt, now),
      ),
    )
    .returning({ userId: schema.passwordResets.userId });
  if (!spent) throw new AppError("FORBIDDEN", "reset link is invalid, used or expired");
  await setPassword(deps, spent.userId, input.newPassword);
}

async function setPassword(deps: AccountsDeps, userId: string, password: string): Promise<void> {
  await deps.db
    .update(schema.users)
    .set({ passwordHash: await hashPassword(password), passwordChangedAt: deps.clock.now() })
    .where(eq(schema.users.id, userId));
  await revokeAllRefreshTokens(deps, userId);
  await closeLiveSockets(deps, userId);
}
