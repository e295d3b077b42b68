/** The device protocol contract: topics, payload schemas and payload decoding. */
import { decodeCbor } from "../cbor/index.ts";
import { AppError } from "../errors/index.ts";

export * from "./payloads.ts";
export * from "./topics.ts";

/**
 * Decodes a device payload. CBOR is the default; a payload whose first byte is `{`
 * is read as JSON so off-the-shelf firmware can join (0x7b is a CBOR text string of
 * 27 bytes, which no Outpost payload starts with, since every payload is a map).
 */
export function decodePayload(bytes: Uint8Array): unknown {
  if (bytes.byteLength > 0 && bytes[0] === 0x7b) {
    try {
      return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
    } catch (err) {
      throw new AppError("VALIDATION_ERROR", "malformed JSON", { cause: String(err) });
    }
  }
  return decodeCbor(bytes);
}
