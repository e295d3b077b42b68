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
// 64-bit integers (firmware in C sends millisecond timestamps as uint64, major type 0 with 0x1b)
// come back as BigInt and are narrowed by `plainData` below. cbor-x's own `int64AsNumber` wraps
// large negative values to 32 bits (−8,589,934,586 became 6), so it is not used.
const decoder = new Decoder({ useRecords: false, mapsAsObjects: true });

/** Deepest nesting a decoded item may have; also what stops a value-sharing cycle. */
export const MAX_CBOR_DEPTH = 16;

export function encodeCbor(value: unknown): Uint8Array<ArrayBuffer> {
  // cbor-x hands back a fresh buffer of its own, never a view on shared memory.
  return encoder.encode(value) as Uint8Array<ArrayBuffer>;
}

/**
 * Decodes exactly one CBOR item into plain JSON data (maps with text keys, arrays, text, finite
 * numbers, booleans, null). Anything else — trailing bytes, a truncated item, an integer outside
 * the safe range, a bignum, a tag (dates, value sharing), `undefined`, a byte string, a cycle —
 * is a VALIDATION_ERROR, so what a decoder hands on is serialisable by construction.
 */
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
  const problem = plainData(items as unknown as Record<number, unknown>, 0, 0);
  if (problem) throw new AppError("VALIDATION_ERROR", `CBOR payload ${problem}`);
  return items[0];
}

/**
 * Checks `holder[key]` is plain JSON data, in place and without allocating for the common case;
 * a 64-bit integer in the safe range is narrowed to a number where it stands. Returns what is
 * wrong, or null.
 */
function plainData(
  holder: Record<string | number, unknown>,
  key: string | number,
  depth: number,
): string | null {
  const v = holder[key];
  switch (typeof v) {
    case "string":
    case "boolean":
      return null;
    case "number":
      return Number.isFinite(v) ? null : "holds a number that is not finite";
    case "bigint":
      if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER))
        return "holds an integer outside the safe range (±2^53−1)";
      holder[key] = Number(v);
      return null;
    case "object": {
      if (v === null) return null;
      if (depth >= MAX_CBOR_DEPTH) return `nests deeper than ${MAX_CBOR_DEPTH} levels`;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const p = plainData(v as unknown as Record<number, unknown>, i, depth + 1);
          if (p) return p;
        }
        return null;
      }
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return "holds a value that is not plain data";
      for (const k in v as Record<string, unknown>) {
        const p = plainData(v as Record<string, unknown>, k, depth + 1);
        if (p) return p;
      }
      return null;
    }
    default:
      return "holds a value that is not plain data";
  }
}
