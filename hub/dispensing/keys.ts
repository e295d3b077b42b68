/**
 * The hub's own QR key (made at first start, claimed or not: an unclaimed hub sells too) and the keys it
 * verifies codes with: its own, and the cloud's `qr` keys from desired state.
 */
import {
  generateQrKey,
  importSigningKey,
  importVerifyKey,
  newCodeId,
} from "../../shared/dispensing/index.ts";
import { trustedKeysFor } from "../auth/index.ts";
import { type HubDb, hubSettings } from "../db/index.ts";
import { getSetting, LOCAL_SITE } from "../identity.ts";
import { getCloudBinding } from "../sync/identity.ts";

const SETTING = "dispensing.qrKey";
interface StoredKey {
  kid: string;
  privateJwk: JsonWebKey;
  publicJwk: JsonWebKey & { kid: string };
}

/** The hub's signing key; made once (two callers racing keep the first one written). */
export async function ensureHubQrKey(db: HubDb): Promise<StoredKey> {
  const existing = await getSetting<StoredKey>(db, SETTING);
  if (existing) return existing;
  // A short kid keeps the code small; "h" marks the hub's own, the cloud's kids never start so.
  const kid = `h${newCodeId().slice(0, 8)}`;
  const made = await generateQrKey(kid);
  await db
    .insert(hubSettings)
    .values({ key: SETTING, value: { kid, ...made } })
    .onConflictDoNothing();
  return (await getSetting<StoredKey>(db, SETTING))!;
}

/** Imported keys by kid and public part (a rotated cloud key under an old kid is imported again). */
const imported = new Map<string, Promise<CryptoKey>>();
function cached(tag: string, make: () => Promise<CryptoKey>): Promise<CryptoKey> {
  let key = imported.get(tag);
  if (!key) {
    key = make();
    imported.set(tag, key);
  }
  return key;
}

export async function hubSigningKey(db: HubDb): Promise<{ kid: string; key: CryptoKey }> {
  const stored = await ensureHubQrKey(db);
  return {
    kid: stored.kid,
    key: await cached(`sign:${stored.kid}:${stored.publicJwk.x}`, () => importSigningKey(stored.privateJwk)),
  };
}

/** The verify keys the hub trusts now: its own, and the cloud's `qr` keys (Ed25519) from desired state. */
export async function qrVerifyKeys(db: HubDb): Promise<(kid: string) => Promise<CryptoKey | undefined>> {
  const own = await ensureHubQrKey(db);
  const { keys } = await trustedKeysFor(db, "qr");
  const byKid = new Map<string, { kty?: string; crv?: string; x?: string }>();
  for (const k of keys) if (k.kty === "OKP" && k.crv === "Ed25519" && k.kid) byKid.set(k.kid, k);
  byKid.set(own.kid, own.publicJwk);
  return async (kid) => {
    const jwk = byKid.get(kid);
    if (!jwk) return undefined;
    return cached(`verify:${kid}:${jwk.x}`, () => importVerifyKey(jwk));
  };
}

/** The site codes must name: the claimed site, or `local` until the hub is claimed. */
export async function currentSite(db: HubDb): Promise<string> {
  return (await getCloudBinding(db))?.siteId ?? LOCAL_SITE;
}
