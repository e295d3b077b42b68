/**
 * Device secrets minted in the cloud, hashed the way the hub stores them (hub/devices/secrets.ts):
 * `sha256$<salt b64url>$<SHA-256(salt ‖ utf8(secret)) b64url>`, with Web Crypto only. Only the hash goes down.
 */
import { base64url, randomToken } from "../../../shared/ids/index.ts";

export function newDeviceSecret(): string {
  return randomToken(32);
}

export async function hashDeviceSecret(secret: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const text = new TextEncoder().encode(secret);
  const input = new Uint8Array(salt.length + text.length);
  input.set(salt);
  input.set(text, salt.length);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", input));
  return `sha256$${base64url(salt)}$${base64url(digest)}`;
}

/** A device id in the hub's form (`dev-` and 12 hex digits). */
export function newDeviceId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `dev-${[...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}
