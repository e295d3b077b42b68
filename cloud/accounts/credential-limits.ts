/**
 * One budget for every check of a secret — the sign-in password step, the 2FA step (TOTP or recovery code),
 * password change and 2FA disable — counted per account and per client address before the secret is
 * checked. Once either budget is spent the check answers RATE_LIMITED with retryAfterSeconds, right secret
 * or not.
 *
 * The owner is never locked out by a stranger: sign-ins made before (their refresh tokens) keep working, and
 * the emailed password reset is not counted here; a new password starts a fresh account budget.
 */

export interface CredentialLimiter {
  /** Counts one attempt; throws RATE_LIMITED (details.retryAfterSeconds) once the account or address is spent. */
  attempt(check: { account: string; address: string }): Promise<void>;
}

/** The account's budget key. It names the password's age, so a reset or change opens a fresh budget. */
export function credentialAccount(row: {
  id: string;
  createdAt: number;
  passwordChangedAt: number | null;
}): string {
  return `user:${row.id}:${row.passwordChangedAt ?? row.createdAt}`;
}

/** For an email without an account: counted like one, so probing it looks the same. */
export function unknownAccount(email: string): string {
  return `email:${email}`;
}
