/** VAPID (RFC 8292): the application server's ES256 JWT for a push service, and its check on the receiving side. */
import { importJWK, type JWK, jwtVerify, SignJWT } from "jose";
import { base64url, fromBase64url } from "../ids/index.ts";

export interface VapidKeys {
  /** Private EC P-256 JWK (d, x, y). */
  privateJwk: JWK;
  /** The uncompressed public point, base64url: the browser's applicationServerKey and the header's `k`. */
  publicKey: string;
  /** RFC 8292 §2.1: a mailto: or https: contact for the push service's operator. */
  subject: string;
}

/** RFC 8292 §2: expiry at most 24 hours ahead; 12 hours leaves room for clock skew. */
const LIFETIME_S = 12 * 3600;

/** The uncompressed point (0x04 || x || y) of a P-256 JWK, base64url. */
export function vapidPublicKey(jwk: JWK): string {
  const x = fromBase64url(jwk.x ?? "");
  const y = fromBase64url(jwk.y ?? "");
  const raw = new Uint8Array(65);
  raw[0] = 4;
  raw.set(x, 1);
  raw.set(y, 33);
  return base64url(raw);
}

/** A fresh key pair (development and tests; production reads VAPID_PRIVATE_JWK). */
export async function generateVapidJwk(): Promise<JWK> {
  const pair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, [
    "sign",
    "verify",
  ])) as CryptoKeyPair;
  const { kty, crv, x, y, d } = (await crypto.subtle.exportKey("jwk", pair.privateKey)) as JWK;
  return { kty, crv, x, y, d };
}

/** RFC 8292 §3: `Authorization: vapid t=<jwt>, k=<public key>` for one push endpoint. */
export async function vapidAuthorization(keys: VapidKeys, endpoint: string, nowMs: number): Promise<string> {
  const key = await importJWK({ ...keys.privateJwk, alg: "ES256" }, "ES256");
  const jwt = await new SignJWT({})
    .setProtectedHeader({ typ: "JWT", alg: "ES256" })
    .setAudience(new URL(endpoint).origin)
    .setExpirationTime(Math.floor(nowMs / 1000) + LIFETIME_S)
    .setSubject(keys.subject)
    .sign(key);
  return `vapid t=${jwt}, k=${keys.publicKey}`;
}

/** The push service's side: checks the header's signature against its `k`, the audience and the expiry. */
export async function verifyVapid(
  header: string | null,
  audience: string,
  nowMs: number,
): Promise<{ publicKey: string; subject: string }> {
  const m = /^vapid t=([\w.-]+),\s*k=([\w-]+)$/.exec(header ?? "");
  if (!m) throw new Error("no vapid authorization");
  const [, jwt, k] = m as unknown as [string, string, string];
  const raw = fromBase64url(k);
  if (raw.length !== 65 || raw[0] !== 4) throw new Error("k is not an uncompressed P-256 point");
  const key = await importJWK(
    { kty: "EC", crv: "P-256", x: base64url(raw.slice(1, 33)), y: base64url(raw.slice(33)) },
    "ES256",
  );
  const { payload } = await jwtVerify(jwt, key, {
    algorithms: ["ES256"],
    audience,
    currentDate: new Date(nowMs),
    requiredClaims: ["exp"],
  });
  // RFC 8292 §2: no more than 24 hours ahead.
  if ((payload.exp ?? 0) > nowMs / 1000 + 24 * 3600) throw new Error("vapid token lives over 24 hours");
  return { publicKey: k, subject: String(payload.sub ?? "") };
}
