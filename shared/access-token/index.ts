/** The user access-token contract: who issues it, for whom, and how long it lives (verified via JWKS). */
import type { SiteRole } from "../roles/index.ts";

export const ACCESS_TOKEN_ISSUER = "outpost-accounts";
export const ACCESS_TOKEN_AUDIENCE = "outpost";
export const ACCESS_TOKEN_ALG = "ES256";
export const ACCESS_TOKEN_TTL_S = 15 * 60;
/** Where the cloud publishes the public keys that verify access tokens. */
export const JWKS_PATH = "/.well-known/jwks.json";

/** Platform roles (design: accounts). A user may hold several; `admin` is only ever granted, never chosen. */
export const PLATFORM_ROLES = ["owner", "provider", "crew", "admin"] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

/** The claims a verified access token yields: `sub` is the user id, `roles` the platform roles. */
export interface AccessTokenUser {
  id: string;
  email: string;
  roles: PlatformRole[];
  /**
   * The `email_verified` claim (OpenID Connect's name). Rule: an unverified account may sign in and use its
   * own sites, but cannot accept site invitations or pay until it is verified; absent means unverified.
   */
  emailVerified?: boolean;
}

/**
 * Hub access tokens, "hub-scoped tokens" in contract C2 (not the hub's own sync token in shared/sync): signed by the same keys as access tokens, but for one hub
 * (`aud` = `outpost-hub:<hubId>`), so the edge refuses them and a hub verifies them offline against
 * the keys that came down in desired state. They live 12 h: long enough for a technician to carry
 * one to a site with no signal, short enough that a lost one soon stops working.
 */
export const HUB_ACCESS_TOKEN_TTL_S = 12 * 3600;
export const hubAccessTokenAudience = (hubId: string) => `outpost-hub:${hubId}`;

/** The claims of a hub-scoped token besides iss/aud/sub/iat/exp. */
export interface HubAccessTokenClaims {
  site: string;
  role: SiteRole;
  email: string;
  name: string;
}
