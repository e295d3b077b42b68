/** Sessions: sign-up, sign-in (with the 2FA step when enabled), refresh rotation and sign-out. */
import { z } from "zod";
import type { AccessTokenUser } from "../../shared/access-token/index.ts";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { type CredentialLimiter, credentialAccount } from "./credential-limits.ts";
import { sendVerification } from "./email-verification.ts";
import {
  consumeRefreshToken,
  type IssuedRefreshToken,
  issueRefreshToken,
  revokeFamilyOf,
} from "./refresh-tokens.ts";
import { attemptChallenge, CHALLENGE_TTL_S, consumeChallenge, openChallenge } from "./sign-in-challenges.ts";
import type { AccountsDb, KeyRing } from "./signing-keys.ts";
import { type IssuedToken, issueAccessToken } from "./tokens.ts";
import type { SecretBox } from "./two-factor/secret-box.ts";
import { checkSecondFactor, secondFactorSchema } from "./two-factor/two-factor.ts";
import {
  type Credentials,
  checkCredentials,
  createUser,
  rolesOf,
  type SignUpInput,
  tokenUser,
} from "./users.ts";

/** What an email goes out through (the notifications outbox in every environment but tests' own). */
export interface Mailer {
  send(message: {
    to: string;
    template: "password-reset" | "email-verification" | "sign-up-existing";
    data: Record<string, string>;
  }): Promise<void>;
}

export interface AccountsDeps {
  db: AccountsDb;
  keys: KeyRing;
  clock: Clock;
  secrets: SecretBox;
  /** The issuer name authenticator apps show. */
  issuer: string;
  mailer: Mailer;
  /** Where the web app takes a password reset token, e.g. `https://app.example/reset-password`. */
  resetUrl: string;
  /** Where the web app takes an email verification token, e.g. `https://app.example/verify-email`. */
  verifyUrl: string;
  /** Where the web app signs in (named in the mail to an address that already has an account). */
  signInUrl: string;
  credentials: CredentialLimiter;
  /**
   * Sites: closes the person's live sockets (4401) once their sign-ins are revoked, so an open view stops at
   * once instead of at its access token's expiry (`sites.closeLiveSockets`).
   */
  closeLiveSockets(userId: string): Promise<unknown>;
}

export interface Session extends IssuedToken, IssuedRefreshToken {
  user: AccessTokenUser;
}

/** The answer to a right password when 2FA is on: no tokens, only a challenge for the second step. */
export interface TwoFactorChallenge {
  twoFactorRequired: true;
  challengeToken: string;
  challengeExpiresIn: number;
}

export const refreshSchema = z.object({ refreshToken: z.string().min(1).max(256) });
export const twoFactorSignInSchema = z.intersection(
  z.object({ challengeToken: z.string().min(1).max(256) }),
  secondFactorSchema,
);

/** The one answer to every well-formed sign-up, so it never tells whether an address has an account. */
export interface SignUpAccepted {
  status: "verification-sent";
  message: string;
}

const SIGN_UP_ACCEPTED: SignUpAccepted = {
  status: "verification-sent",
  message: "Check your email: the link in it verifies the address. Then sign in.",
};

/**
 * Creates the account and mails a verification link; for an address that already has an account, mails
 * that address a note instead (sign in or reset). Both answer the same and both hash the password.
 */
export async function signUp(deps: AccountsDeps, input: SignUpInput): Promise<SignUpAccepted> {
  try {
    const user = await createUser(deps, input);
    await sendVerification(deps, user);
  } catch (err) {
    if (!(err instanceof AppError && err.code === "CONFLICT")) throw err;
    await deps.mailer.send({ to: input.email, template: "sign-up-existing", data: { link: deps.signInUrl } });
  }
  return SIGN_UP_ACCEPTED;
}

/** Checks the password; with 2FA on, answers a challenge instead of tokens. */
export async function signIn(
  deps: AccountsDeps,
  input: Credentials & { address: string },
): Promise<Session | TwoFactorChallenge> {
  const row = await checkCredentials(deps, input);
  if (row.totpEnabledAt !== null) {
    return {
      twoFactorRequired: true,
      challengeToken: await openChallenge(deps, row.id),
      challengeExpiresIn: CHALLENGE_TTL_S,
    };
  }
  return startSession(deps, {
    id: row.id,
    email: row.email,
    roles: await rolesOf(deps, row.id),
    emailVerified: row.emailVerifiedAt !== null,
  });
}

/** The second step: the challenge plus a TOTP or recovery code yields the session. */
export async function completeSignIn(
  deps: AccountsDeps,
  input: z.infer<typeof twoFactorSignInSchema> & { address: string },
): Promise<Session> {
  const { userId } = await attemptChallenge(deps, input.challengeToken);
  const row = await deps.db.query.users.findFirst({ where: (u, { eq }) => eq(u.id, userId) });
  if (!row || row.totpEnabledAt === null) throw new AppError("UNAUTHORIZED", "sign-in challenge is invalid");
  await deps.credentials.attempt({ account: credentialAccount(row), address: input.address });
  const factor = "code" in input ? { code: input.code } : { recoveryCode: input.recoveryCode };
  if (!(await checkSecondFactor(deps, row, factor))) throw new AppError("UNAUTHORIZED", "code is incorrect");
  if (!(await consumeChallenge(deps, input.challengeToken))) {
    throw new AppError("UNAUTHORIZED", "sign-in challenge is invalid, expired or used up");
  }
  return startSession(deps, await tokenUser(deps, userId));
}

/** Rotates: the presented refresh token is spent and the next one in its family comes back. */
export async function refreshSession(deps: AccountsDeps, refreshToken: string): Promise<Session> {
  const { userId, familyId } = await consumeRefreshToken(deps, refreshToken);
  const user = await tokenUser(deps, userId);
  const access = await issueAccessToken(await deps.keys.signingKey(), user, deps.clock.now());
  return { user, ...access, ...(await issueRefreshToken(deps, { userId, familyId })) };
}

/**
 * Ends this sign-in: its refresh family is revoked, and the user's live sockets close (4401; those of their
 * other sign-ins reconnect with their own still-valid tokens). Access tokens already issued lapse within
 * 15 minutes: until then one may still open a socket, which closes at that token's expiry.
 */
export async function signOut(deps: AccountsDeps, refreshToken: string): Promise<void> {
  const userId = await revokeFamilyOf(deps, refreshToken);
  if (userId) await closeLiveSockets(deps, userId);
}

/** Best effort: the sign-ins are already revoked, and a socket left open still closes at its token's expiry. */
export async function closeLiveSockets(deps: AccountsDeps, userId: string): Promise<void> {
  try {
    await deps.closeLiveSockets(userId);
  } catch (err) {
    console.error(
      JSON.stringify({ level: "error", message: "closing live sockets failed", error: String(err) }),
    );
  }
}

async function startSession(deps: AccountsDeps, user: AccessTokenUser): Promise<Session> {
  const access = await issueAccessToken(await deps.keys.signingKey(), user, deps.clock.now());
  return { user, ...access, ...(await issueRefreshToken(deps, { userId: user.id })) };
}
