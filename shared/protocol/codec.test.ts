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

  it("checks command names and arguments per device kind, filling defaults", () => {
    expect(parseCommandArgs("FRIDGE", "start-defrost", undefined)).toEqual({ minutes: 20 });
    expect(() => parseCommandArgs("FRIDGE", "switch", { on: true })).toThrow(/does not take/);
    expect(() => parseCommandArgs("HEATER", "switch", { on: "yes" })).toThrow(/invalid arguments/);
    expect(() => parseCommandArgs("HEATER", "toString", {})).toThrow(/unknown command/);
  });
});
