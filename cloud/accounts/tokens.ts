/** Access tokens: short-lived asymmetric JWTs, verified locally against the JWKS (design: Security). */
import { createLocalJWKSet, errors, type JSONWebKeySet, jwtVerify, SignJWT } from "jose";
import {
  ACCESS_TOKEN_ALG,
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  ACCESS_TOKEN_TTL_S,
  type AccessTokenUser,
  PLATFORM_ROLES,
  type PlatformRole,
} from "../../shared/access-token/index.ts";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import type { SigningKey } from "./signing-keys.ts";

export interface IssuedToken {
  accessToken: string;
  tokenType: "Bearer";
  expiresIn: number;
}

/** Signs a 15-minute access token for `user` with the current key (its `kid` in the header). */
export async function issueAccessToken(
  key: SigningKey,
  user: AccessTokenUser,
  nowMs: number,
): Promise<IssuedToken> {
  const iat = Math.floor(nowMs / 1000);
  const accessToken = await new SignJWT({
    email: user.email,
    roles: user.roles,
    email_verified: user.emailVerified === true,
  })
    .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, kid: key.kid, typ: "JWT" })
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setSubject(user.id)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_TTL_S)
    .setJti(crypto.randomUUID())
    .sign(key.privateKey);
  return { accessToken, tokenType: "Bearer", expiresIn: ACCESS_TOKEN_TTL_S };
}

export interface AccessTokenVerifier {
  /**
   * The token's user and when the token expires (ms; a live socket closes then); UNAUTHORIZED for anything
   * tampered, expired, foreign or unsigned by a known key.
   */
  verify(token: string): Promise<AccessTokenUser & { expiresAt: number }>;
}

/** How long a JWKS is trusted before an unknown `kid` may trigger a reload. */
const JWKS_RELOAD_AFTER_MS = 60_000;
/** Cached keys are refreshed at least this often, so a key withdrawn from the JWKS stops verifying. */
export const JWKS_MAX_AGE_MS = 5 * 60_000;

/**
 * Verifies locally: the JWKS is cached for JWKS_MAX_AGE_MS; a token with an unknown `kid` reloads it at most
 * once a minute, so a rotated key is picked up without letting garbage tokens hammer the key store.
 */
export function createAccessTokenVerifier(deps: {
  loadJwks: () => Promise<JSONWebKeySet>;
  clock: Clock;
}): AccessTokenVerifier {
  let cached: { keys: ReturnType<typeof createLocalJWKSet>; loadedAt: number } | undefined;

  const keySet = async (forceReload: boolean) => {
    const now = deps.clock.now();
    const age = cached ? now - cached.loadedAt : Number.POSITIVE_INFINITY;
    if (!cached || age > JWKS_MAX_AGE_MS || (forceReload && age > JWKS_RELOAD_AFTER_MS)) {
      cached = { keys: createLocalJWKSet(await deps.loadJwks()), loadedAt: now };
    }
    return cached.keys;
  };

  const verifyWith = async (token: string, forceReload: boolean) =>
    jwtVerify(token, await keySet(forceReload), {
      algorithms: [ACCESS_TOKEN_ALG],
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      currentDate: new Date(deps.clock.now()),
      requiredClaims: ["sub", "exp", "iat"],
    });

  return {
    async verify(token) {
      try {
        let result: Awaited<ReturnType<typeof verifyWith>>;
        try {
          result = await verifyWith(token, false);
        } catch (err) {
          if (!(err instanceof errors.JWKSNoMatchingKey)) throw err;
          result = await verifyWith(token, true);
        }
        const { sub, email, roles, email_verified, exp } = result.payload;
        if (typeof sub !== "string" || typeof email !== "string" || typeof exp !== "number")
          throw new Error("missing claims");
        return {
          id: sub,
          email,
          roles: knownRoles(roles),
          emailVerified: email_verified === true,
          expiresAt: exp * 1000,
        };
      } catch (err) {
        throw new AppError("UNAUTHORIZED", "invalid or expired access token", {
          reason: (err as Error).message,
        });
      }
    },
  };
}

// Unknown role names are dropped rather than trusted: a token can only ever narrow what it grants.
function knownRoles(claim: unknown): PlatformRole[] {
  if (!Array.isArray(claim)) return [];
  return claim.filter((r): r is PlatformRole => (PLATFORM_ROLES as readonly unknown[]).includes(r));
}
