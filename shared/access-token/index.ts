/** The user access-token contract: who issues it, for whom, and how long it lives (verified via JWKS). */

export const ACCESS_TOKEN_ISSUER = "outpost-accounts";
export const ACCESS_TOKEN_AUDIENCE = "outpost";
export const ACCESS_TOKEN_ALG = "ES256";
export const ACCESS_TOKEN_TTL_S = 15 * 60;
/** Where the cloud publishes the public keys that verify access tokens. */
export const JWKS_PATH = "/.well-known/jwks.json";

/** The claims a verified access token yields: `sub` is the user id. */
export interface AccessTokenUser {
  id: string;
  email: string;
}
