/** Password hashing fit for Workers: PBKDF2-HMAC-SHA256 through Web Crypto, self-describing strings. */
import { base64url, fromBase64url } from "../../shared/ids/index.ts";

/**
 * Cost: 100 000 iterations, the most Cloudflare's runtime allows (it refuses higher counts through its
 * isolate limit enforcer, cloudflare/workerd#1346; a local workerd does not enforce the cap).
 * That is a sixth of OWASP's 600 000 for PBKDF2-HMAC-SHA256. It costs roughly 15–30 ms of CPU per hash
 * (measured ~16 ms on Node 22 / x86-64), i.e. per sign-up and per sign-in.
 * Stored strings name their iterations, so raising the count later only needs a rehash on sign-in.
 */
export const PBKDF2_ITERATIONS = 100_000;
const MIN_ITERATIONS = 10_000;
const MAX_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;
const SCHEME = "pbkdf2-sha256";

/** Hashes with a fresh random salt: `pbkdf2-sha256$<iterations>$<salt b64url>$<hash b64url>`. */
export async function hashPassword(password: string, iterations = PBKDF2_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, iterations);
  return `${SCHEME}$${iterations}$${base64url(salt)}$${base64url(hash)}`;
}

/** True when `password` matches `stored`; malformed or out-of-range strings never match. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterText, saltText, hashText, ...rest] = stored.split("$");
  if (scheme !== SCHEME || rest.length > 0 || !saltText || !hashText) return false;
  const iterations = Number(iterText);
  // A stored string chooses the work done: bound it so a crafted row cannot ask for more than the runtime allows.
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS)
    return false;
  let salt: Uint8Array<ArrayBuffer>;
  let expected: Uint8Array;
  try {
    salt = fromBase64url(saltText);
    expected = fromBase64url(hashText);
  } catch {
    return false;
  }
  return timingSafeEqual(await derive(password, salt, iterations), expected);
}

// The salt is an ArrayBuffer-backed view: the DOM's BufferSource (the owner app type-checks this file
// for its typed client) refuses a view that might sit on a SharedArrayBuffer.
async function derive(
  password: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, [
    "deriveBits",
  ]);
  const bits = await crypto.subtle.deriveBits(
    { name: "PBKDF2", hash: "SHA-256", salt: salt as Uint8Array<ArrayBuffer>, iterations },
    key,
    HASH_BITS,
  );
  return new Uint8Array(bits);
}

/** Compares every byte whatever the first difference, so timing does not reveal how much matched. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  // Lengths are public (a hash is always 32 bytes); only the contents must not leak.
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Constant-time comparison of two strings (e.g. hex digests). */
export function timingSafeEqualText(a: string, b: string): boolean {
  const enc = new TextEncoder();
  return timingSafeEqual(enc.encode(a), enc.encode(b));
}
