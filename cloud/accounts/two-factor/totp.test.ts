import { describe, expect, it } from "vitest";
import { hotp, matchTotp, newTotpSecret, otpauthUri, qrSvg, timeStep, totp } from "./totp.ts";

const ascii = (s: string) => new TextEncoder().encode(s);

describe("HOTP, RFC 4226 Appendix D", () => {
  const secret = ascii("12345678901234567890");
  const expected = [
    "755224",
    "287082",
    "359152",
    "969429",
    "338314",
    "254676",
    "287922",
    "162583",
    "399871",
    "520489",
  ];
  it.each(expected.map((value, counter) => ({ counter, value })))(
    "counter $counter → $value",
    ({ counter, value }) => {
      expect(hotp(secret, counter)).toBe(value);
    },
  );
});

describe("TOTP, RFC 6238 Appendix B (8 digits)", () => {
  // Appendix B seeds: the ASCII digits repeated to the hash's block size (20, 32 and 64 bytes).
  const seeds = {
    SHA1: ascii("12345678901234567890"),
    SHA256: ascii("12345678901234567890123456789012"),
    SHA512: ascii("1234567890123456789012345678901234567890123456789012345678901234"),
  } as const;
  const vectors: [number, string, string, string][] = [
    [59, "94287082", "46119246", "90693936"],
    [1111111109, "07081804", "68084774", "25091201"],
    [1111111111, "14050471", "67062674", "99943326"],
    [1234567890, "89005924", "91819424", "93441116"],
    [2000000000, "69279037", "90698825", "38618901"],
    [20000000000, "65353130", "77737706", "47863826"],
  ];
  it.each(vectors)("T = %i s", (seconds, sha1, sha256, sha512) => {
    const at = seconds * 1000;
    expect(totp(seeds.SHA1, at, { algorithm: "SHA1", digits: 8 })).toBe(sha1);
    expect(totp(seeds.SHA256, at, { algorithm: "SHA256", digits: 8 })).toBe(sha256);
    expect(totp(seeds.SHA512, at, { algorithm: "SHA512", digits: 8 })).toBe(sha512);
  });
});

describe("TOTP verification", () => {
  it("accepts the current step and one step of drift either side, nothing further", () => {
    const secret = newTotpSecret();
    const bytes = base32Bytes(secret);
    const now = Date.UTC(2026, 3, 1, 12, 0, 10);
    expect(matchTotp(secret, totp(bytes, now), now)).toBe(timeStep(now));
    expect(matchTotp(secret, totp(bytes, now - 30_000), now)).toBe(timeStep(now) - 1);
    expect(matchTotp(secret, totp(bytes, now + 30_000), now)).toBe(timeStep(now) + 1);
    expect(matchTotp(secret, totp(bytes, now - 90_000), now)).toBeNull();
    expect(matchTotp(secret, "12345", now)).toBeNull();
  });

  it("builds an otpauth URI and an SVG QR code for it", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const uri = otpauthUri({ secretBase32: secret, account: "ann@example.test", issuer: "Outpost" });
    expect(uri).toBe(
      `otpauth://totp/Outpost:ann%40example.test?issuer=Outpost&secret=${secret}&algorithm=SHA1&digits=6&period=30`,
    );
    const svg = qrSvg(uri);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("viewBox");
  });
});

function base32Bytes(text: string): Uint8Array {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const ch of text) bits += alphabet.indexOf(ch).toString(2).padStart(5, "0");
  return Uint8Array.from(bits.match(/.{8}/g) ?? [], (b) => Number.parseInt(b, 2));
}
