/** Authenticates a hub's call: the hub exists, is not revoked, and the token is signed by its own key for its own site. */
import { eq } from "drizzle-orm";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { type Ed25519PublicJwk, verifyHubToken } from "../../shared/sync/index.ts";
import { noteHubCall } from "./hub-presence.ts";
import * as schema from "./schema.ts";
import type { SitesDb } from "./sites.ts";

export interface AuthenticatedHub {
  hubId: string;
  siteId: string;
}

export async function authenticateHub(
  deps: { db: SitesDb; clock: Clock },
  input: { hubId: string; token: string | undefined },
): Promise<AuthenticatedHub> {
  if (!input.token) throw new AppError("UNAUTHORIZED", "hub token required");
  const hub = await deps.db.select().from(schema.hubs).where(eq(schema.hubs.id, input.hubId)).get();
  // An unknown hub gets the same answer as a bad signature: ids are not probed for existence.
  if (!hub) throw new AppError("UNAUTHORIZED", "invalid hub token");
  if (hub.revokedAt !== null) throw new AppError("FORBIDDEN", "hub has been revoked");
  const claims = { hubId: hub.id, siteId: hub.siteId };
  await verifyHubToken(input.token, JSON.parse(hub.publicJwk) as Ed25519PublicJwk, claims, deps.clock.now());
  try {
    await noteHubCall(deps, hub);
  } catch (err) {
    // Presence is for people's notifications; a failed note never refuses the hub's own sync.
    console.error(
      JSON.stringify({ level: "error", message: "hub contact not noted", hubId: hub.id, error: String(err) }),
    );
  }
  return claims;
}
