/** Seals small secrets (TOTP keys) at rest with AES-256-GCM, bound to their owner through the AAD. */
import { base64url, fromBase64url } from "../../../shared/ids/index.ts";

export interface SecretBox {
  seal(plaintext: string, owner: string): Promise<string>;
  /** The plaintext, or throws when the box was tampered with or sealed for another owner. */
  open(sealed: string, owner: string): Promise<string>;
}

const VERSION = "v1";
const IV_BYTES = 12; // NIST SP 800-38D §8.2: 96-bit random IVs

/** `rawKey` is 32 bytes (the ACCOUNTS_DATA_KEY secret). */
export function createSecretBox(rawKey: Uint8Array): SecretBox {
  if (rawKey.byteLength !== 32) throw new Error("the data key must be 32 bytes");
  const key = crypto.subtle.importKey("raw", rawKey.slice(), "AES-GCM", false, ["encrypt", "decrypt"]);
  const enc = new TextEncoder();
  return {
    async seal(plaintext, owner) {
      const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
      const params = { name: "AES-GCM", iv, additionalData: enc.encode(owner) };
      const ct = await crypto.subtle.encrypt(params, await key, enc.encode(plaintext));
      return `${VERSION}.${base64url(iv)}.${base64url(new Uint8Array(ct))}`;
    },
    async open(sealed, owner) {
      const [version, iv, ct] = sealed.split(".");
      if (version !== VERSION || !iv || !ct) throw new Error("unknown sealed format");
      const params = { name: "AES-GCM", iv: fromBase64url(iv), additionalData: enc.encode(owner) };
      const pt = await crypto.subtle.decrypt(params, await key, fromBase64url(ct));
      return new TextDecoder().decode(pt);
    },
  };
}
