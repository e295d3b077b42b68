/** TOTP 2FA for an account: setup, enable with recovery codes, disable, and the check a sign-in must pass. */

import { and, eq, isNull, lt, or } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../../../shared/clock/index.ts";
import { sha256Hex } from "../../../shared/digest/index.ts";
import { AppError } from "../../../shared/errors/index.ts";
import { randomCode } from "../../../shared/ids/index.ts";
import { batch } from "../../db/index.ts";
import { type CredentialLimiter, credentialAccount } from "../credential-limits.ts";
import { verifyPassword } from "../password.ts";
import * as schema from "../schema.ts";
import type { AccountsDb } from "../signing-keys.ts";
import type { SecretBox } from "./secret-box.ts";
import { matchTotp, newTotpSecret, otpauthUri, qrSvg } from "./totp.ts";

export interface TwoFactorDeps {
  db: AccountsDb;
  clock: Clock;
  secrets: SecretBox;
  /** The issuer authenticator apps show next to the code. */
  issuer: string;
  credentials: CredentialLimiter;
}

const RECOVERY_CODE_COUNT = 10;

/** Either a TOTP code or one recovery code. */
export const secondFactorSchema = z.union([
  z.object({
    code: z
      .string()
      .trim()
      .regex(/^\d{6}$/),
  }),
  z.object({ recoveryCode: z.string().trim().min(8).max(32) }),
]);
export type SecondFactor = z.infer<typeof secondFactorSchema>;

export interface TotpSetup {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}

/** Stores a new, not yet trusted secret; 2FA only takes effect once a code from it is confirmed. */
export async function beginTotpSetup(
  deps: TwoFactorDeps,
  user: { id: string; email: string },
): Promise<TotpSetup> {
  const row = await userRow(deps, user.id);
  if (row.totpEnabledAt !== null) throw new AppError("CONFLICT", "two-factor authentication is already on");
  const secret = newTotpSecret();
  await deps.db
    .update(schema.users)
    .set({ totpSecret: await deps.secrets.seal(secret, user.id) })
    .where(eq(schema.users.id, user.id));
  const uri = otpauthUri({ secretBase32: secret, account: user.email, issuer: deps.issuer });
  return { secret, otpauthUri: uri, qrSvg: qrSvg(uri) };
}

/** Confirms the pending secret with a code from it, turns 2FA on and returns fresh recovery codes (shown once). */
export async function enableTotp(
  deps: TwoFactorDeps,
  input: { userId: string; code: string },
): Promise<{ recoveryCodes: string[] }> {
  const row = await userRow(deps, input.userId);
  if (row.totpEnabledAt !== null) throw new AppError("CONFLICT", "two-factor authentication is already on");
  if (!row.totpSecret) throw new AppError("CONFLICT", "start the setup first");
  if (!(await acceptTotp(deps, row, input.code))) throw new AppError("UNAUTHORIZED", "code is incorrect");
  const now = deps.clock.now();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, recoveryCode);
  const rows = await Promise.all(
    codes.map(async (c) => ({ userId: input.userId, codeHash: await hashRecovery(c), createdAt: now })),
  );
  await batch(deps.db, [
    deps.db.update(schema.users).set({ totpEnabledAt: now }).where(eq(schema.users.id, input.userId)),
    deps.db.delete(schema.recoveryCodes).where(eq(schema.recoveryCodes.userId, input.userId)),
    deps.db.insert(schema.recoveryCodes).values(rows),
  ]);
  return { recoveryCodes: codes };
}

/** Turns 2FA off; needs the password and a second factor, so a stolen access token alone cannot. */
export async function disableTotp(
  deps: TwoFactorDeps,
  input: { userId: string; password: string; factor: SecondFactor; address: string },
): Promise<void> {
  const row = await userRow(deps, input.userId);
  if (row.totpEnabledAt === null) throw new AppError("CONFLICT", "two-factor authentication is off");
  await deps.credentials.attempt({ account: credentialAccount(row), address: input.address });
  const ok =
    (await verifyPassword(input.password, row.passwordHash)) &&
    (await checkSecondFactor(deps, row, input.factor));
  if (!ok) throw new AppError("UNAUTHORIZED", "password or code is incorrect");
  await batch(deps.db, [
    deps.db
      .update(schema.users)
      .set({ totpSecret: null, totpEnabledAt: null, totpLastStep: null })
      .where(eq(schema.users.id, input.userId)),
    deps.db.delete(schema.recoveryCodes).where(eq(schema.recoveryCodes.userId, input.userId)),
  ]);
}

type UserRow = typeof schema.users.$inferSelect;

/** True when the factor is a fresh TOTP code or an unused recovery code; either is spent by this call. */
export async function checkSecondFactor(
  deps: TwoFactorDeps,
  row: UserRow,
  factor: SecondFactor,
): Promise<boolean> {
  if ("code" in factor) return acceptTotp(deps, row, factor.code);
  const spent = await deps.db
    .update(schema.recoveryCodes)
    .set({ usedAt: deps.clock.now() })
    .where(
      and(
        eq(schema.recoveryCodes.userId, row.id),
        eq(schema.recoveryCodes.codeHash, await hashRecovery(factor.recoveryCode)),
        isNull(schema.recoveryCodes.usedAt),
      ),
    )
    .returning({ userId: schema.recoveryCodes.userId });
  return spent.length === 1;
}

/** Whether 2FA is on, and how many unused recovery codes remain. */
export async function twoFactorStatus(
  deps: { db: AccountsDb },
  userId: string,
): Promise<{ enabled: boolean; recoveryCodesLeft: number }> {
  const row = await userRow(deps, userId);
  const codes = await deps.db
    .select({ h: schema.recoveryCodes.codeHash })
    .from(schema.recoveryCodes)
    .where(and(eq(schema.recoveryCodes.userId, userId), isNull(schema.recoveryCodes.usedAt)));
  return { enabled: row.totpEnabledAt !== null, recoveryCodesLeft: codes.length };
}

// RFC 6238 §5.2: a verifier must not accept the second attempt of the same OTP. The step is recorded with
// a conditional UPDATE, so two concurrent uses of one code cannot both pass.
async function acceptTotp(deps: TwoFactorDeps, row: UserRow, code: string): Promise<boolean> {
  if (!row.totpSecret) return false;
  const secret = await deps.secrets.open(row.totpSecret, row.id);
  const step = matchTotp(secret, code, deps.clock.now());
  if (step === null) return false;
  const recorded = await deps.db
    .update(schema.users)
    .set({ totpLastStep: step })
    .where(
      and(
        eq(schema.users.id, row.id),
        or(isNull(schema.users.totpLastStep), lt(schema.users.totpLastStep, step)),
      ),
    )
    .returning({ id: schema.users.id });
  return recorded.length === 1;
}

async function userRow(deps: { db: AccountsDb }, userId: string): Promise<UserRow> {
  const row = await deps.db.select().from(schema.users).where(eq(schema.users.id, userId)).get();
  if (!row) throw new AppError("UNAUTHORIZED", "account no longer exists");
  return row;
}

function recoveryCode(): string {
  // Crockford base32; 12 symbols = 60 random bits per code.
  const raw = randomCode(12);
  return `${raw.slice(0, 6)}-${raw.slice(6)}`;
}

// Typed codes vary in case and dashes; hash one canonical form.
function hashRecovery(code: string): Promise<string> {
  return sha256Hex(code.toUpperCase().replace(/[^0-9A-Z]/g, ""));
}
