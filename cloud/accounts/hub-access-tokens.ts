/** Hub access tokens (contract C2): signed by the access-token key ring, for one hub, verified there offline. */
import { eq } from "drizzle-orm";
import { SignJWT } from "jose";
import {
  ACCESS_TOKEN_ALG,
  ACCESS_TOKEN_ISSUER,
  HUB_ACCESS_TOKEN_TTL_S,
  type HubAccessTokenClaims,
  hubAccessTokenAudience,
} from "../../shared/access-token/index.ts";
import type { Clock } from "../../shared/clock/index.ts";
import * as profiles from "./profiles/schema.ts";
import type { AccountsDb, KeyRing } from "./signing-keys.ts";

export interface HubAccessTokenRequest {
  userId: string;
  email: string;
  hubId: string;
  siteId: string;
  role: HubAccessTokenClaims["role"];
}

/** What the sites module calls to mint a token (it knows the membership, accounts holds the keys). */
export type HubAccessTokenIssuer = (
  input: HubAccessTokenRequest,
) => Promise<{ token: string; expiresIn: number }>;

/**
 * The `name` claim is the owner profile's display name, else the email; the hub shows it next to the
 * subject on what the person does there. The hub takes the role from its members table, not from here.
 */
export function hubAccessTokenIssuer(deps: {
  db: AccountsDb;
  keys: KeyRing;
  clock: Clock;
}): HubAccessTokenIssuer {
  return async (input) => {
    const key = await deps.keys.signingKey();
    const profile = await deps.db
      .select({ displayName: profiles.ownerProfiles.displayName })
      .from(profiles.ownerProfiles)
      .where(eq(profiles.ownerProfiles.userId, input.userId))
      .get();
    const claims: HubAccessTokenClaims = {
      site: input.siteId,
      role: input.role,
      email: input.email,
      name: profile?.displayName ?? input.email,
    };
    const iat = Math.floor(deps.clock.now() / 1000);
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, kid: key.kid, typ: "JWT" })
      .setIssuer(ACCESS_TOKEN_ISSUER)
      .setAudience(hubAccessTokenAudience(input.hubId))
      .setSubject(input.userId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + HUB_ACCESS_TOKEN_TTL_S)
      .setJti(crypto.randomUUID())
      .sign(key.privateKey);
    return { token, expiresIn: HUB_ACCESS_TOKEN_TTL_S };
  };
}
