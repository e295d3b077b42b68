/** Accounts HTTP routes: sessions (sign-up, sign-in, 2FA step, refresh, sign-out), passwords and the JWKS. */
import { Hono } from "hono";
import { z } from "zod";
import { JWKS_PATH } from "../../shared/access-token/index.ts";
import { type AppEnv, clientAddress, currentUser, doc, type RequireUser, readJson } from "../http/index.ts";
import { type AccountDeletionDeps, deleteAccount, deleteAccountSchema } from "./account-deletion.ts";
import { changeEmailSchema, requestEmailChange } from "./email-change.ts";
import { verifyEmail, verifyEmailSchema } from "./email-verification.ts";
import {
  changePassword,
  changePasswordSchema,
  confirmPasswordReset,
  requestPasswordReset,
  resetConfirmSchema,
  resetRequestSchema,
} from "./passwords.ts";
import {
  completeSignIn,
  refreshSchema,
  refreshSession,
  signIn,
  signOut,
  signUp,
  twoFactorSignInSchema,
} from "./sessions.ts";
import { credentialsSchema, signUpSchema } from "./users.ts";

const tag = "accounts";
const userSchema = z.object({ id: z.string(), email: z.string(), roles: z.array(z.string()) });
export const sessionSchema = z.object({
  user: userSchema,
  accessToken: z.string(),
  tokenType: z.literal("Bearer"),
  expiresIn: z.number(),
  refreshToken: z.string(),
  refreshExpiresIn: z.number(),
});
const signUpAcceptedSchema = z.object({ status: z.literal("verification-sent"), message: z.string() });
const challengeSchema = z.object({
  twoFactorRequired: z.literal(true),
  challengeToken: z.string(),
  challengeExpiresIn: z.number(),
});

export function accountsHttp(deps: AccountDeletionDeps & { requireUser: RequireUser }) {
  const session = { description: "signed in", schema: sessionSchema };

  return new Hono<AppEnv>()
    .post(
      "/v1/accounts/sign-up",
      doc({
        summary: "Create an account",
        tag,
        auth: "public",
        body: signUpSchema,
        responses: {
          202: {
            description: "the same answer whether or not the address has an account",
            schema: signUpAcceptedSchema,
          },
          400: "bad input",
          429: "too many attempts",
        },
      }),
      async (c) => c.json(await signUp(deps, await readJson(c, signUpSchema)), 202),
    )
    .post(
      "/v1/accounts/verify-email",
      doc({
        summary: "Verify the account's email with the emailed token",
        tag,
        auth: "public",
        body: verifyEmailSchema,
        responses: {
          204: "verified (sign in again for a token that says so)",
          403: "link invalid, used or expired",
        },
      }),
      async (c) => {
        await verifyEmail(deps, await readJson(c, verifyEmailSchema));
        return c.body(null, 204);
      },
    )
    .post(
      "/v1/accounts/sign-in",
      doc({
        summary: "Sign in with email and password; with 2FA on, answers a challenge instead of tokens",
        tag,
        auth: "public",
        body: credentialsSchema,
        responses: {
          200: { description: "session or 2FA challenge", schema: z.union([sessionSchema, challengeSchema]) },
          401: "wrong email or password",
          429: "too many attempts",
        },
      }),
      async (c) =>
        c.json(
          await signIn(deps, { ...(await readJson(c, credentialsSchema)), address: clientAddress(c) }),
          200,
        ),
    )
    .post(
      "/v1/accounts/sign-in/two-factor",
      doc({
        summary: "Second sign-in step: challenge plus TOTP code or recovery code",
        tag,
        auth: "public",
        body: twoFactorSignInSchema,
        responses: {
          200: session,
          401: "wrong code, or challenge expired or used up",
          429: "too many attempts",
        },
      }),
      async (c) =>
        c.json(
          await completeSignIn(deps, {
            ...(await readJson(c, twoFactorSignInSchema)),
            address: clientAddress(c),
          }),
          200,
        ),
    )
    .post(
      "/v1/accounts/refresh",
      doc({
        summary: "Rotate a refresh token; reusing a spent one revokes its whole family",
        tag,
        auth: "public",
        body: refreshSchema,
        responses: { 200: session, 401: "invalid, expired, revoked or reused" },
      }),
      async (c) => c.json(await refreshSession(deps, (await readJson(c, refreshSchema)).refreshToken), 200),
    )
    .post(
      "/v1/accounts/sign-out",
      doc({
        summary: "End this sign-in (revokes the refresh token's family)",
        tag,
        auth: "public",
        body: refreshSchema,
        responses: { 204: "signed out" },
      }),
      async (c) => {
        await signOut(deps, (await readJson(c, refreshSchema)).refreshToken);
        return c.body(null, 204);
      },
    )
    .get(
      "/v1/accounts/me",
      deps.requireUser,
      doc({
        summary: "The signed-in user as the access token names them",
        tag,
        auth: "user",
        responses: {
          200: { description: "user", schema: z.object({ user: userSchema }) },
          401: "no or bad token",
        },
      }),
      (c) => c.json({ user: currentUser(c) }),
    )
    .delete(
      "/v1/accounts/me",
      deps.requireUser,
      doc({
        summary: "Delete the account (password required); its tokens stop working at once",
        tag,
        auth: "user",
        body: deleteAccountSchema,
        responses: { 204: "deleted", 401: "password wrong", 429: "too many attempts" },
      }),
      async (c) => {
        await deleteAccount(deps, {
          userId: currentUser(c).id,
          address: clientAddress(c),
          ...(await readJson(c, deleteAccountSchema)),
        });
        return c.body(null, 204);
      },
    )
    .post(
      "/v1/accounts/email",
      deps.requireUser,
      doc({
        summary:
          "Change the account's email: a link goes to the new address, the change happens when it is followed",
        tag,
        auth: "user",
        body: changeEmailSchema,
        responses: {
          202: "link mailed to the new address",
          400: "bad input or the same address",
          401: "password wrong",
          409: "address belongs to another account",
          429: "too many attempts",
        },
      }),
      async (c) => {
        await requestEmailChange(deps, {
          userId: currentUser(c).id,
          address: clientAddress(c),
          ...(await readJson(c, changeEmailSchema)),
        });
        return c.body(null, 202);
      },
    )
    .post(
      "/v1/accounts/password",
      deps.requireUser,
      doc({
        summary: "Change the password; every sign-in of the account ends",
        tag,
        auth: "user",
        body: changePasswordSchema,
        responses: { 204: "changed", 401: "current password wrong", 429: "too many attempts" },
      }),
      async (c) => {
        await changePassword(deps, {
          userId: currentUser(c).id,
          address: clientAddress(c),
          ...(await readJson(c, changePasswordSchema)),
        });
        return c.body(null, 204);
      },
    )
    .post(
      "/v1/accounts/password-reset",
      doc({
        summary: "Email a reset link (same answer whether or not the account exists)",
        tag,
        auth: "public",
        body: resetRequestSchema,
        responses: { 202: "accepted", 429: "too many attempts" },
      }),
      async (c) => {
        await requestPasswordReset(deps, await readJson(c, resetRequestSchema));
        return c.body(null, 202);
      },
    )
    .post(
      "/v1/accounts/password-reset/confirm",
      doc({
        summary: "Set a new password with the emailed token",
        tag,
        auth: "public",
        body: resetConfirmSchema,
        responses: { 204: "changed", 403: "link invalid, used or expired" },
      }),
      async (c) => {
        await confirmPasswordReset(deps, await readJson(c, resetConfirmSchema));
        return c.body(null, 204);
      },
    )
    .get(
      JWKS_PATH,
      doc({
        summary: "Public keys that verify access tokens",
        tag,
        auth: "public",
        responses: { 200: "JWK set" },
      }),
      async (c) => {
        c.header("cache-control", "public, max-age=300");
        return c.json(await deps.keys.jwks());
      },
    );
}
