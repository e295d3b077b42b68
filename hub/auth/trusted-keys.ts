/** The keys desired state brought down, by purpose, and verification with each key's own algorithm (jose). */
import { compactVerify, createLocalJWKSet, type JWK } from "jose";
import { jwsAlgOf, type KeyPurpose } from "../../shared/desired-state/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { type HubDb, trustedKeys } from "../db/index.ts";

export interface TrustedKeySet {
  keys: JWK[];
  /** The JWS algorithms of those keys: a signature is checked only with the algorithm its key was made for. */
  algorithms: string[];
}

/** The trusted keys for `purpose` (a key stored before purposes existed verifies access tokens). */
export async function trustedKeysFor(db: HubDb, purpose: KeyPurpose): Promise<TrustedKeySet> {
  const rows = await db.select().from(trustedKeys);
  const keys = rows
    .map((r) => ({ ...r.jwk, kid: r.kid }) as JWK & { purpose?: KeyPurpose })
    .filter((k) => (k.purpose ?? "access") === purpose);
  return { keys, algorithms: [...new Set(keys.map((k) => jwsAlgOf(k as { kty: "EC" | "OKP" })))] };
}

/**
 * Verifies a compact JWS (a QR code's payload, say) against the trusted keys for `purpose`; returns the
 * payload bytes, the signing key's id and the header's `typ`. UNAUTHORIZED when no such key signed it.
 */
export async function verifyTrustedJws(
  db: HubDb,
  purpose: KeyPurpose,
  jws: string,
): Promise<{ payload: Uint8Array; kid: string | undefined; typ: string | undefined }> {
  const { keys, algorithms } = await trustedKeysFor(db, purpose);
  if (keys.length === 0) throw new AppError("UNAUTHORIZED", `no trusted ${purpose} keys yet`);
  try {
    const { payload, protectedHeader } = await compactVerify(jws.trim(), createLocalJWKSet({ keys }), {
      algorithms,
    });
    return { payload, kid: protectedHeader.kid, typ: protectedHeader.typ };
  } catch (err) {
    throw new AppError("UNAUTHORIZED", `invalid ${purpose} signature`, { reason: (err as Error).message });
  }
}
