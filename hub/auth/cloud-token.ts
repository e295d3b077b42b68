/** Cloud hub-scoped tokens (contract C2), verified offline against the keys and members desired state brought down. */
import { createLocalJWKSet, jwtVerify } from "jose";
import { ACCESS_TOKEN_ISSUER, hubAccessTokenAudience } from "../../shared/access-token/index.ts";
import { HUB_ROLE_OF, type HubRole } from "../../shared/desired-state/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import type { HubDb } from "../db/index.ts";
import { memberOf } from "./members.ts";
import { trustedKeysFor } from "./trusted-keys.ts";

export interface CloudPrincipal {
  subject: string;
  name: string;
  role: HubRole;
  expiresAt: number;
}

/**
 * Checks signature (a trusted access key's `kid`), issuer, audience (this claimed hub) and expiry at `nowMs`, then the
 * subject against the current members table: the role comes from there, never from the token, so a
 * removal or demotion in a newer desired-state version wins over a token still in its lifetime.
 */
export async function verifyCloudToken(
  db: HubDb,
  input: { token: string; cloudHubId: string | undefined; nowMs: number },
): Promise<CloudPrincipal> {
  if (!input.cloudHubId)
    throw new AppError("UNAUTHORIZED", "this hub is not claimed: cloud tokens are not accepted");
  const { keys, algorithms } = await trustedKeysFor(db, "access");
  if (keys.length === 0) throw new AppError("UNAUTHORIZED", "no trusted keys yet: the hub has not synced");
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(input.token.trim(), createLocalJWKSet({ keys }), {
      // Each key's own algorithm (the access keys are EC P-256, ES256).
      algorithms,
      issuer: ACCESS_TOKEN_ISSUER,
      audience: hubAccessTokenAudience(input.cloudHubId),
      currentDate: new Date(input.nowMs),
      requiredClaims: ["sub", "exp", "iat"],
    }));
  } catch (err) {
    throw new AppError("UNAUTHORIZED", "invalid or expired hub token", { reason: (err as Error).message });
  }
  const subject = String(payload.sub);
  const member = await memberOf(db, subject);
  if (!member) throw new AppError("UNAUTHORIZED", "not a member of this site (or removed)");
  return {
    subject,
    name:
      member.displayName ?? (typeof payload.name === "string" && payload.name ? payload.name : member.email),
    role: HUB_ROLE_OF[member.role],
    expiresAt: (payload.exp as number) * 1000,
  };
}
