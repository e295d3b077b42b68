/** The hub's cloud identity: an Ed25519 key pair made on claim, and the hub and site ids the cloud gave. */
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { AppError } from "../../shared/errors/index.ts";
import type { ClaimResponse } from "../../shared/sync/index.ts";
import type { HubDb } from "../db/index.ts";
import { getSetting, putSetting } from "../identity.ts";

export interface CloudBinding {
  cloudUrl: string;
  hubId: string;
  siteId: string;
  privateJwk: JWK;
  publicJwk: JWK;
  claimedAt: number;
}

export async function getCloudBinding(db: HubDb): Promise<CloudBinding | undefined> {
  return getSetting<CloudBinding>(db, "cloud");
}

/**
 * Claims this hub for a site: makes a fresh key pair, registers the public key with the
 * claim code, and keeps the private key on the hub only.
 */
export async function claimHub(
  deps: { db: HubDb; fetch?: typeof fetch; now: number },
  input: { cloudUrl: string; code: string; name: string },
): Promise<CloudBinding> {
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const publicJwk = await exportJWK(publicKey);
  const doFetch = deps.fetch ?? fetch;
  const res = await doFetch(new URL("/v1/hubs/claim", input.cloudUrl), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code: input.code, publicKey: publicJwk, name: input.name }),
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new AppError(
      res.status === 404 || res.status === 400 || res.status === 409
        ? "VALIDATION_ERROR"
        : "SERVICE_UNAVAILABLE",
      `claim refused by the cloud (${res.status}): ${body?.error?.message ?? res.statusText}`,
    );
  }
  const claimed = (await res.json()) as ClaimResponse;
  const binding: CloudBinding = {
    cloudUrl: input.cloudUrl,
    hubId: claimed.hubId,
    siteId: claimed.siteId,
    privateJwk,
    publicJwk,
    claimedAt: deps.now,
  };
  await putSetting(deps.db, "cloud", binding);
  return binding;
}
