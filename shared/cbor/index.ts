/** CBOR (RFC 8949) codec shared by devices, the hub and the sync endpoints. */
import { Decoder, Encoder } from "cbor-x";
import { AppError } from "../errors/index.ts";

// Plain maps and arrays only: no cbor-x record extension, so any RFC 8949 decoder can read us.
const encoder = new Encoder({
  useRecords: false,
  mapsAsObjects: true,
  variableMapSize: true,
  tagUint8Array: false,
});
// Firmware written in C sends millisecond timestamps as CBOR uint64 (major type 0, 0x1b): read
// them as numbers, not BigInts, so schemas see plain integers.
const decoder = new Decoder({
  useRecords: false,
  mapsAsObjects: true,
  int64AsNumber: true,
} as ConstructorParameters<typeof Decoder>[0]);

export function encodeCbor(value: unknown): Uint8Array<ArrayBuffer> {
  // cbor-x hands back a fresh buffer of its own, never a view on shared memory.
  return encoder.encode(value) as Uint8Array<ArrayBuffer>;
}

/** Decodes exactly one CBOR item; trailing bytes or a truncated item are a VALIDATION_ERROR. */
export function decodeCbor(bytes: Uint8Array): unknown {
  if (bytes.byteLength === 0) throw new AppError("VALIDATION_ERROR", "empty CBOR payload");
  let items: unknown[];
  try {
    items = decoder.decodeMultiple(bytes) as unknown[];
  } catch (err) {
    throw new AppError("VALIDATION_ERROR", "malformed CBOR", { cause: String(err) });
  }
  if (!Array.isArray(items) || items.length !== 1) {
    throw new AppError("VALIDATION_ERROR", "CBOR payload must hold exactly one item");
  }
  return items[0];
}
