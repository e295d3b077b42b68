/** The hub ↔ cloud sync contract: claim, hub tokens, event batches and the cloud's signed time. */
import { type CryptoKey, errors, importJWK, type JWK, jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import { AppError } from "../errors/index.ts";
import { envelopeSchema } from "../events/envelope.ts";
import { syncLaneSchema } from "./lanes.ts";

export * from "./actions.ts";
export { BULK_EVENT_TYPES, laneOf, SYNC_LANES, type SyncLane, syncLaneSchema } from "./lanes.ts";
export * from "./time.ts";
export { CompactBatchWriter, readSyncBody, SYNC_WIRE_VERSION } from "./wire.ts";

/** Batches are bounded by count and by encoded bytes (the CBOR body). */
export const SYNC_MAX_EVENTS = 500;
export const SYNC_MAX_BYTES = 256 * 1024;
/** Hub tokens live at most this long; the cloud refuses longer-lived ones. */
export const HUB_TOKEN_MAX_TTL_S = 300;
export const HUB_TOKEN_AUDIENCE = "outpost-sync";
export const HUB_TOKEN_ALG = "EdDSA";
export const SYNC_CONTENT_TYPE = "application/cbor";

export const ed25519PublicJwkSchema = z
  .object({ kty: z.literal("OKP"), crv: z.literal("Ed25519"), x: z.string().min(40).max(50) })
  .passthrough();
export type Ed25519PublicJwk = z.infer<typeof ed25519PublicJwkSchema>;

/** `POST /v1/hubs/claim` body (JSON): a one-time claim code and the hub's public key. */
export const claimRequestSchema = z.object({
  code: z.string().min(6).max(64),
  publicKey: ed25519PublicJwkSchema,
  name: z.string().min(1).max(80).optional(),
});
export type ClaimRequest = z.infer<typeof claimRequestSchema>;
export interface ClaimResponse {
  hubId: string;
  siteId: string;
}

/**
 * `POST /v1/hubs/:hubId/events` body (CBOR). Events carry `seq` and `source.hubId`; `seq` counts 1, 2, 3 …
 * within the batch's lane for this hub id (a re-claimed hub starts its new id's lanes at 1 again).
 */
export const syncBatchSchema = z.object({
  hubId: z.string().min(1).max(64),
  siteId: z.string().min(1).max(64),
  lane: syncLaneSchema.default("priority"),
  events: z
    .array(envelopeSchema.extend({ seq: z.number().int().positive() }))
    .min(1)
    .max(SYNC_MAX_EVENTS),
});
export type SyncBatch = z.infer<typeof syncBatchSchema>;
/** The answer: the highest seq of the batch's lane below which the cloud holds every event of this hub. */
export interface SyncAck {
  ackedSeq: number;
  stored: number;
  duplicates: number;
  /** `type@version` of events stored but not understood by this cloud yet (not projected, not published). */
  unknownTypes?: string[];
}

export interface HubTokenClaims {
  hubId: string;
  siteId: string;
}

/** Signs a short-lived sync token with the hub's Ed25519 private key. */
export async function signHubToken(
  privateKey: CryptoKey | JWK,
  claims: HubTokenClaims,
  nowMs: number,
  ttlS = 120,
): Promise<string> {
  const key = "kty" in privateKey ? await importJWK(privateKey, HUB_TOKEN_ALG) : privateKey;
  const iat = Math.floor(nowMs / 1000);
  return new SignJWT({ site: claims.siteId })
    .setProtectedHeader({ alg: HUB_TOKEN_ALG, typ: "JWT" })
    .setIssuer(`hub:${claims.hubId}`)
    .setSubject(claims.hubId)
    .setAudience(HUB_TOKEN_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + Math.min(ttlS, HUB_TOKEN_MAX_TTL_S))
    .setJti(crypto.randomUUID())
    .sign(key);
}

/**
 * Verifies a hub token against the public key the cloud holds for `hubId`.
 * Throws UNAUTHORIZED on any failure: bad signature, wrong hub, expired, too long-lived.
 */
export async function verifyHubToken(
  token: string,
  publicKey: Ed25519PublicJwk,
  expected: HubTokenClaims,
  nowMs: number,
): Promise<void> {
  try {
    const key = await importJWK(publicKey, HUB_TOKEN_ALG);
    const { payload } = await jwtVerify(token, key, {
      algorithms: [HUB_TOKEN_ALG],
      audience: HUB_TOKEN_AUDIENCE,
      issuer: `hub:${expected.hubId}`,
      subject: expected.hubId,
      currentDate: new Date(nowMs),
      clockTolerance: 30,
      // Also refuses a token dated ahead of the cloud's time (beyond the tolerance): from a clock running
      // ahead, a two-minute token would otherwise stay valid until its far-off expiry.
      maxTokenAge: HUB_TOKEN_MAX_TTL_S,
      requiredClaims: ["exp", "iat"],
    });
    if (payload.site !== expected.siteId) throw new Error("token names another site");
    if ((payload.exp ?? 0) - (payload.iat ?? 0) > HUB_TOKEN_MAX_TTL_S)
      throw new Error("token lives too long");
  } catch (err) {
    // Past the signature check, only the time window failed: the cloud answers with its signed time.
    const outsideTimeWindow =
      err instanceof errors.JWTExpired ||
      (err instanceof errors.JWTClaimValidationFailed && (err.claim === "nbf" || err.claim === "iat"));
    throw new AppError("UNAUTHORIZED", "invalid hub token", {
      reason: (err as Error).message,
      ...(outsideTimeWindow ? { outsideTimeWindow: true } : {}),
    });
  }
}
