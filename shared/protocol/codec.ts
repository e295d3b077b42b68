/** Device payload codec: CBOR first, JSON for off-the-shelf firmware. */
import { decodeCbor, encodeCbor } from "../cbor/index.ts";
import { AppError } from "../errors/index.ts";

export type PayloadEncoding = "cbor" | "json";

/**
 * JSON when the first byte is `{`, CBOR otherwise (0x7b is a CBOR text string of 27 bytes,
 * which no Outpost payload starts with, since every payload is a map).
 */
export function payloadEncoding(bytes: Uint8Array): PayloadEncoding {
  return bytes.byteLength > 0 && bytes[0] === 0x7b ? "json" : "cbor";
}

/** Decodes a device payload; a malformed one is a VALIDATION_ERROR. */
export function decodePayload(bytes: Uint8Array): unknown {
  if (payloadEncoding(bytes) === "json") {
    try {
      return JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes));
    } catch (err) {
      throw new AppError("VALIDATION_ERROR", "malformed JSON", { cause: String(err) });
    }
  }
  return decodeCbor(bytes);
}

/** Encodes a payload for the wire in the device's encoding. */
export function encodePayload(value: unknown, encoding: PayloadEncoding = "cbor"): Uint8Array {
  if (encoding === "json") return new TextEncoder().encode(JSON.stringify(value));
  return encodeCbor(wideIntegers(value));
}

// cbor-x writes integers beyond 32 bits as float64; a timestamp belongs in a CBOR uint64
// (RFC 8949 §3.1, major type 0) so that firmware can read it into an integer.
function wideIntegers(value: unknown): unknown {
  if (typeof value === "number") {
    return Number.isSafeInteger(value) && Math.abs(value) > 0xffffffff ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map(wideIntegers);
  if (value && typeof value === "object" && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = wideIntegers(v);
    return out;
  }
  return value;
}
