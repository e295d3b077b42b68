/** Random secrets and their hashes: setup codes, session ids and scrape tokens are stored only hashed. */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export const randomToken = (bytes = 32) => randomBytes(bytes).toString("base64url");

export const sha256 = (text: string) => createHash("sha256").update(text).digest("base64url");

export function sameHash(text: string, hash: string): boolean {
  const a = Buffer.from(sha256(text));
  const b = Buffer.from(hash);
  return a.length === b.length && timingSafeEqual(a, b);
}
