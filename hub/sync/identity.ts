/** The hub's cloud identity: an Ed25519 key pair made on claim, and the hub and site ids the cloud gave. */
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { z } from "zod";
import { AppError } from "../../shared/errors/index.ts";
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

export interface ClaimInput {
  cloudUrl: string;
  code: string;
  name: string;
  /** A claimed hub refuses another claim unless this is set (CONFLICT otherwise). */
  replace?: boolean;
}

const claimResponse = z.object({ hubId: z.string().min(1).max(64), siteId: z.string().min(1).max(64) });

export async function getCloudBinding(db: HubDb): Promise<CloudBinding | undefined> {
  return getSetting<CloudBinding>(db, "cloud");
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/** https only; plain http just for a cloud on this machine (development, tests). */
export function checkCloudUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError("VALIDATION_ERROR", "cloudUrl is not a URL");
  }
  const ok = url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK.test(url.hostname));
  if (!ok) throw new AppError("VALIDATION_ERROR", "cloudUrl must be https (http only for localhost)");
  if (url.username || url.password)
    throw new AppError("VALIDATION_ERROR", "cloudUrl must not carry credentials");
  return url;
}

/**
 * Claims this hub for a site: makes a fresh key pair, registers the public key with the
 * claim code, and keeps the private key on the hub only. Nothing the cloud answers is echoed
 * back: a misused claim must not turn the hub into a probe of other servers.
 */
export async function claimHub(
  deps: { db: HubDb; fetch?: typeof fetch; now: number },
  input: ClaimInput,
): Promise<CloudBinding> {
  const base = checkCloudUrl(input.cloudUrl);
  if (!input.replace && (await getCloudBinding(deps.db))) {
    throw new AppError(
      "CONFLICT",
      "this hub is already claimed; send replace: true to bind it to another site",
    );
  }
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const privateJwk = await exportJWK(privateKey);
  const publicJwk = await exportJWK(publicKey);
  const doFetch = deps.fetch ?? fetch;
  let res: Response;
  try {
    res = await doFetch(new URL("/v1/hubs/claim", base), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: input.code, publicKey: publicJwk, name: input.name }),
      redirect: "error",
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    throw new AppError("SERVICE_UNAVAILABLE", "could not reach the cloud; try again");
  }
  if (res.status >= 400 && res.status < 500) {
    await res.body?.cancel();
    throw new AppError("VALIDATION_ERROR", "the cloud refused the claim code (invalid, used or expired)", {
      cloudStatus: res.status,
    });
  }
  const parsed = res.ok ? claimResponse.safeParse(await res.json().catch(() => null)) : undefined;
  if (!parsed?.success) {
    await res.body?.cancel().catch(() => {});
    throw new AppError("SERVICE_UNAVAILABLE", "the cloud did not accept the claim; try again", {
      cloudStatus: res.status,
    });
  }
  const binding: CloudBinding = {
    cloudUrl: base.origin,
    hubId: parsed.data.hubId,
    siteId: parsed.data.siteId,
    privateJwk,
    publicJwk,
    claimedAt: deps.now,
  };
  await putSetting(deps.db, "cloud", binding);
  return binding;
}
