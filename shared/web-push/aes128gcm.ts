/** Message encryption for Web Push (RFC 8291) in the aes128gcm content coding (RFC 8188), Web Crypto only. */
import { base64url, fromBase64url } from "../ids/index.ts";

/** A browser subscription's keys as PushSubscription.toJSON() gives them (base64url). */
export interface PushKeys {
  p256dh: string;
  auth: string;
}

const RECORD_SIZE = 4096;
const text = (s: string) => new Uint8Array(new TextEncoder().encode(s));
// workers-types spells the ECDH peer key `$public`; the runtime, like every other, reads `public`.
const ecdh = (peer: CryptoKey) =>
  ({ name: "ECDH", public: peer }) as unknown as Parameters<SubtleCrypto["deriveBits"]>[0];

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function hkdf(
  salt: Uint8Array<ArrayBuffer>,
  ikm: ArrayBuffer,
  info: Uint8Array<ArrayBuffer>,
  bits: number,
) {
  const key = await crypto.subtle.importKey("raw", ikm, "HKDF", false, ["deriveBits"]);
  return crypto.subtle.deriveBits({ name: "HKDF", hash: "SHA-256", salt, info }, key, bits);
}

/** RFC 8291 §3.3–3.4: the content-encryption key and nonce from the ECDH secret, auth secret and salt. */
async function keys(
  ecdhSecret: ArrayBuffer,
  auth: Uint8Array<ArrayBuffer>,
  uaPublic: Uint8Array,
  asPublic: Uint8Array,
  salt: Uint8Array<ArrayBuffer>,
) {
  const ikm = await hkdf(auth, ecdhSecret, concat(text("WebPush: info\0"), uaPublic, asPublic), 256);
  const cek = await hkdf(salt, ikm, text("Content-Encoding: aes128gcm\0"), 128);
  const nonce = await hkdf(salt, ikm, text("Content-Encoding: nonce\0"), 96);
  return {
    cek: await crypto.subtle.importKey("raw", cek, "AES-GCM", false, ["encrypt", "decrypt"]),
    nonce: new Uint8Array(nonce),
  };
}

const importPublic = (raw: Uint8Array<ArrayBuffer>) =>
  crypto.subtle.importKey("raw", raw, { name: "ECDH", namedCurve: "P-256" }, true, []);

/** Encrypts `plaintext` for one subscription: one record, a fresh sender key pair and salt each time. */
export async function encryptPush(
  subscription: PushKeys,
  plaintext: Uint8Array,
): Promise<Uint8Array<ArrayBuffer>> {
  const uaPublic = fromBase64url(subscription.p256dh);
  const auth = fromBase64url(subscription.auth);
  // RFC 8291 §5: one record; 16 bytes of tag and 1 delimiter must fit in it.
  if (plaintext.length > RECORD_SIZE - 17 - 86) throw new Error("push payload too large");
  const sender = (await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, [
    "deriveBits",
  ])) as CryptoKeyPair;
  const asPublic = new Uint8Array((await crypto.subtle.exportKey("raw", sender.publicKey)) as ArrayBuffer);
  const secret = await crypto.subtle.deriveBits(ecdh(await importPublic(uaPublic)), sender.privateKey, 256);
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const { cek, nonce } = await keys(secret, auth, uaPublic, asPublic, salt);
  // RFC 8188 §2: the last record's padding delimiter is 0x02.
  const sealed = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv: nonce },
    cek,
    concat(plaintext, new Uint8Array([2])),
  );
  const header = new Uint8Array(21);
  header.set(salt);
  new DataView(header.buffer).setUint32(16, RECORD_SIZE);
  header[20] = asPublic.length;
  return concat(header, asPublic, new Uint8Array(sealed));
}

/** The receiving side (a browser; here tests and the emulator): decrypts a body with the subscription's private key. */
export async function decryptPush(
  body: Uint8Array,
  receiver: { privateKey: CryptoKey; p256dh: string; auth: string },
): Promise<Uint8Array> {
  const salt = body.slice(0, 16);
  const idLength = body[20]!;
  const asPublic = body.slice(21, 21 + idLength);
  const secret = await crypto.subtle.deriveBits(ecdh(await importPublic(asPublic)), receiver.privateKey, 256);
  const uaPublic = fromBase64url(receiver.p256dh);
  const { cek, nonce } = await keys(secret, fromBase64url(receiver.auth), uaPublic, asPublic, salt);
  const padded = new Uint8Array(
    await crypto.subtle.decrypt({ name: "AES-GCM", iv: nonce }, cek, body.slice(21 + idLength)),
  );
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (padded[end] !== 2) throw new Error("push record without its final delimiter");
  return padded.slice(0, end);
}

/** A new subscription key pair, as a browser makes one (tests and the emulator's fake browser). */
export async function newPushReceiver() {
  const pair = (await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, [
    "deriveBits",
  ])) as CryptoKeyPair;
  const raw = new Uint8Array((await crypto.subtle.exportKey("raw", pair.publicKey)) as ArrayBuffer);
  return {
    privateKey: pair.privateKey,
    p256dh: base64url(raw),
    auth: base64url(crypto.getRandomValues(new Uint8Array(16))),
  };
}
