import { describe, expect, it } from "vitest";
import { decodePayload, encodePayload, payloadEncoding } from "./codec.ts";
import { parseCommandArgs } from "./commands.ts";
import { telemetrySchema } from "./payloads.ts";

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const bytes = (h: string) => new Uint8Array(h.match(/../g)!.map((x) => Number.parseInt(x, 16)));

describe("device payload codec", () => {
  it("reads a CBOR uint64 timestamp from C firmware as a plain number", () => {
    // {"ts": 1714000000000, "temperature": 3.5} with ts as major type 0, 0x1b (RFC 8949 §3.1)
    const body = decodePayload(bytes("a26274731b0000018f125c74006b74656d7065726174757265f94300"));
    expect(body).toEqual({ ts: 1714000000000, temperature: 3.5 });
    expect(telemetrySchema.safeParse(body).success).toBe(true);
  });

  it("writes integers beyond 32 bits as CBOR uint64 and small ones minimally", () => {
    expect(hex(encodePayload({ n: 1714000000000 }))).toBe("a1616e1b0000018f125c7400");
    expect(hex(encodePayload({ n: 5 }))).toBe("a1616e05");
  });

  it("tells JSON from CBOR by the first byte, and refuses trailing or truncated CBOR", () => {
    expect(payloadEncoding(new TextEncoder().encode('{"a":1}'))).toBe("json");
    expect(payloadEncoding(encodePayload({ a: 1 }))).toBe("cbor");
    expect(decodePayload(encodePayload({ a: 1 }, "json"))).toEqual({ a: 1 });
    expect(() => decodePayload(bytes("a1616101ff"))).toThrow(/exactly one item/);
    expect(() => decodePayload(bytes("a26174"))).toThrow(/malformed CBOR/);
    expect(() => decodePayload(new Uint8Array())).toThrow(/empty/);
  });

  it("refuses CBOR integers outside the safe range instead of wrapping them", () => {
    // {"t": -8589934586}: major type 1 with a 64-bit argument (0x1FFFFFFF9)
    expect(() => decodePayload(bytes("a161743b00000001fffffff9"))).not.toThrow();
    expect(decodePayload(bytes("a161743b00000001fffffff9"))).toEqual({ t: -8589934586 });
    // 2^53 + 1 as uint64, and -(2^63) as negative int: not representable, refused
    expect(() => decodePayload(bytes("a161741b0020000000000001"))).toThrow(/safe range/);
    expect(() => decodePayload(bytes("a161743b7fffffffffffffff"))).toThrow(/safe range/);
    // a bignum (tag 2) far past 2^53
    expect(() => decodePayload(bytes("a16174c249010000000000000000"))).toThrow(/safe range|plain data/);
  });

  it("refuses tags, undefined and value-sharing cycles, so what it returns is plain data", () => {
    // {"ts": 1(undefined)}: a tag wrapping undefined must not quietly drop ts
    expect(() => decodePayload(bytes("a1627473c1f7"))).toThrow(/plain data/);
    // {"ts": 100(undefined)}: an unknown tag
    expect(() => decodePayload(bytes("a1627473d864f7"))).toThrow(/plain data/);
    // {"ts": undefined}
    expect(() => decodePayload(bytes("a1627473f7"))).toThrow(/plain data/);
    // 28({"a": 29(0)}): a map that contains itself
    expect(() => decodePayload(bytes("d81ca16161d81d00"))).toThrow(/deeper|plain data/);
    // a byte string
    expect(() => decodePayload(bytes("a16161420102"))).toThrow(/plain data/);
  });

  it("checks command names and arguments per device kind, filling defaults", () => {
    expect(parseCommandArgs("FRIDGE", "start-defrost", undefined)).toEqual({ minutes: 20 });
    expect(() => parseCommandArgs("FRIDGE", "switch", { on: true })).toThrow(/does not take/);
    expect(() => parseCommandArgs("HEATER", "switch", { on: "yes" })).toThrow(/invalid arguments/);
    expect(() => parseCommandArgs("HEATER", "toString", {})).toThrow(/unknown command/);
  });
});
