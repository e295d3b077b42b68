/** cloud/accounts: users, password sign-in and access tokens. */
export { accountsHttp } from "./http.ts";
export { hashPassword, PBKDF2_ITERATIONS, verifyPassword } from "./password.ts";
export * as accountsSchema from "./schema.ts";
export { type AccountsDb, createKeyRing, type KeyRing } from "./signing-keys.ts";
export { type AccessTokenVerifier, createAccessTokenVerifier, issueAccessToken } from "./tokens.ts";
export { type AccountsDeps, credentialsSchema, signIn, signUp } from "./users.ts";
