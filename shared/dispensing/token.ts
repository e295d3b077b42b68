/**
 * The QR code's token: CBOR claims followed by a 64-byte Ed25519 signature, base64url. Web Crypto only,
 * so the hub (Node) and the cloud (Workers, Deno) sign and verify the same bytes.
 */
import { decodeCbor, encodeCbor } from "../cbor/index.ts";

/** How long a code is valid after it is signed. */
export const QR_TTL_MS = 15 * 60_000;
/** A code is still accepted this long after its expiry: the hub's and the signer's clocks may differ this much. */
export const QR_CLOCK_SKEW_MS = 60_000;
const SIG_BYTES = 64;
// Domain separation: these bytes are signed, so a QR signature can never pass as another Ed25519 signature.
const DOMAIN = new TextEncoder().encode("outpost-qr/1:");

export interface QrClaims {
  /** The site the code may be redeemed at. */
  site: string;
  /** The code's unique id: spent once, revoked by it. */
  id: string;
  order: string;
  /** Epoch milliseconds (carried in whole seconds). */
  expiresAt: number;
  items: { productId: string; quantity: number }[];
  /** The signing key's id. */
  kid: string;
}

/** Why a code is refused: what the dispenser shows. */
export const REFUSAL_REASONS = [
  "EXPIRED",
  "SPENT",
  "FORGED",
  "OTHER_SITE",
  "REVOKED",
  "OUT_OF_STOCK",
  "NOT_DISPENSABLE",
] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

function b64url(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function unb64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9_-]{1,2000}$/.test(text)) return null;
  try {
    const bin = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    return null;
  }
}

function signedBytes(claims: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(DOMAIN.length + claims.length);
  out.set(DOMAIN);
  out.set(claims, DOMAIN.length);
  return out;
}

/** A random code id: 96 bits, 16 base64url characters. */
export function newCodeId(): string {
  return b64url(crypto.getRandomValues(new Uint8Array(12)));
}

/** Signs a code; the private key is an Ed25519 CryptoKey (Web Crypto). */
export async function signQrToken(key: CryptoKey, claims: QrClaims): Promise<string> {
  const body = encodeCbor([
    1,
    claims.site,
    claims.id,
    claims.order,
    Math.floor(claims.expiresAt / 1000),
    claims.items.map((i) => [i.productId, i.quantity]),
    claims.kid,
  ]);
  const sig = new Uint8Array(await crypto.subtle.sign("Ed25519", key, signedBytes(body)));
  const out = new Uint8Array(body.length + SIG_BYTES);
  out.set(body);
  out.set(sig, body.length);
  return b64url(out);
}

/** Reads a token's claims without checking anything (null when it is not a token at all). */
export function readQrToken(token: string): { claims: QrClaims; body: Uint8Array; sig: Uint8Array } | null {
  const bytes = unb64url(token.trim());
  if (!bytes || bytes.length <= SIG_BYTES + 8) return null;
  const body = bytes.subarray(0, bytes.length - SIG_BYTES);
  let raw: unknown;
  try {
    raw = decodeCbor(body);
  } catch {
    return null;
  }
  if (!Array.isArray(raw) || raw.length !== 7 || raw[0] !== 1) return null;
  const [, site, id, order, exp, items, kid] = raw as unknown[];
  const str = (v: unknown) => typeof v === "string" && v.length > 0 && v.length <= 64;
  if (!str(site) || !str(id) || !str(order) || !str(kid) || !Number.isSafeInteger(exp)) return null;
  if (!Array.isArray(items) || items.length === 0 || items.length > 16) return null;
  const parsed: QrClaims["items"] = [];
  for (const it of items) {
    if (!Array.isArray(it) || it.length !== 2 || !str(it[0])) return null;
    if (!Number.isInteger(it[1]) || it[1] < 1 || it[1] > 99) return null;
    parsed.push({ productId: it[0], quantity: it[1] });
  }
  return {
    claims: {
      site: site as string,
      id: id as string,
      order: order as string,
      expiresAt: (exp as number) * 1000,
      items: parsed,
      kid: kid as string,
    },
    body,
    sig: bytes.subarray(bytes.length - SIG_BYTES),
  };
}

export type QrCheck =
  | { ok: true; claims: QrClaims }
  | { ok: false; reason: RefusalReason; claims?: QrClaims };

/**
 * Checks what the token alone can tell: its signature (by a key `keyOf` trusts), the site and the expiry
 * against `now` (the verifier's trusted time) with QR_CLOCK_SKEW_MS. Spent, revoked and stock are the
 * redeemer's state, checked after this.
 */
export async function verifyQrToken(
  token: string,
  keyOf: (kid: string) => Promise<CryptoKey | undefined> | CryptoKey | undefined,
  expect: { site: string; now: number },
): Promise<QrCheck> {
  const read = readQrToken(token);
  if (!read) return { ok: false, reason: "FORGED" };
  const { claims, body, sig } = read;
  const key = await keyOf(claims.kid);
  const good =
    key !== undefined &&
    (await crypto.subtle.verify("Ed25519", key, sig as Uint8Array<ArrayBuffer>, signedBytes(body)));
  if (!good) return { ok: false, reason: "FORGED", claims };
  if (claims.site !== expect.site) return { ok: false, reason: "OTHER_SITE", claims };
  if (expect.now > claims.expiresAt + QR_CLOCK_SKEW_MS) return { ok: false, reason: "EXPIRED", claims };
  return { ok: true, claims };
}

/** A new Ed25519 key pair, with the public half as a JWK (what a trustedKeys entry carries). */
export async function generateQrKey(
  kid: string,
): Promise<{ privateJwk: JsonWebKey; publicJwk: { kty: "OKP"; crv: "Ed25519"; x: string; kid: string } }> {
  const pair = (await crypto.subtle.generateKey("Ed25519", true, ["sign", "verify"])) as CryptoKeyPair;
  const privateJwk = (await crypto.subtle.exportKey("jwk", pair.privateKey)) as JsonWebKey;
  const publicJwk = (await crypto.subtle.exportKey("jwk", pair.publicKey)) as JsonWebKey;
  return { privateJwk, publicJwk: { kty: "OKP", crv: "Ed25519", x: publicJwk.x!, kid } };
}

export function importSigningKey(jwk: JsonWebKey): Promise<CryptoKey> {
  const { kty, crv, x, d } = jwk;
  return crypto.subtle.importKey("jwk", { kty, crv, x, d }, "Ed25519", false, ["sign"]);
}

export function importVerifyKey(jwk: { kty?: string; crv?: string; x?: string }): Promise<CryptoKey> {
  return crypto.subtle.importKey("jwk", { kty: "OKP", crv: "Ed25519", x: jwk.x }, "Ed25519", false, [
    "verify",
  ]);
}
