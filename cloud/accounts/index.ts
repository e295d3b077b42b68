/** cloud/accounts: users and roles, sessions with rotating refresh tokens, 2FA, passwords, profiles and keys. */

export { accountExists } from "./account-deletion.ts";
export { adminHttp } from "./admin-http.ts";
export { type CredentialLimiter, credentialAccount } from "./credential-limits.ts";
export { accountsHttp } from "./http.ts";
export {
  type HubAccessTokenIssuer,
  type HubAccessTokenRequest,
  hubAccessTokenIssuer,
} from "./hub-access-tokens.ts";
export { hashPassword, PBKDF2_ITERATIONS, verifyPassword } from "./password.ts";
export { profilesHttp } from "./profiles/index.ts";
export { REFRESH_TOKEN_TTL_S } from "./refresh-tokens.ts";
export * as accountsSchema from "./schema.ts";
export {
  type AccountsDeps,
  completeSignIn,
  type Mailer,
  refreshSession,
  type Session,
  signIn,
  signOut,
  signUp,
} from "./sessions.ts";
export { type AccountsDb, createKeyRing, type KeyRing, RETIRED_KEY_PUBLISHED_MS } from "./signing-keys.ts";
export { type AccessTokenVerifier, createAccessTokenVerifier, issueAccessToken } from "./tokens.ts";
export { createSecretBox, type SecretBox, twoFactorHttp } from "./two-factor/index.ts";
export { credentialsSchema, grantRole, peopleByIds, signUpSchema } from "./users.ts";
