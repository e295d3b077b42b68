/** Device secrets: 32 random bytes shown once; stored as salted SHA-256 and compared in constant time. */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

// A slow KDF protects low-entropy passwords; these secrets are 256-bit random, so one salted
// SHA-256 is enough and keeps MQTT CONNECT cheap on a Raspberry Pi.
export function newSecret(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSecret(secret: string): string {
  const salt = randomBytes(16);
  return `sha256$${salt.toString("base64url")}$${digest(salt, secret).toString("base64url")}`;
}

export function verifySecret(secret: string, stored: string): boolean {
  const [alg, saltB64, hashB64] = stored.split("$");
  if (alg !== "sha256" || !saltB64 || !hashB64) return false;
  const expected = Buffer.from(hashB64, "base64url");
  const actual = digest(Buffer.from(saltB64, "base64url"), secret);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

function digest(salt: Buffer, secret: string): Buffer {
  return createHash("sha256").update(salt).update(secret, "utf8").digest();
}
