import { describe, expect, it } from "vitest";
import {
  generateQrKey,
  importSigningKey,
  importVerifyKey,
  newCodeId,
  QR_CLOCK_SKEW_MS,
  QR_TTL_MS,
  type QrClaims,
  readQrToken,
  signQrToken,
  verifyQrToken,
} from "./index.ts";

const NOW = 1_800_000_000_000;
const uuid = "0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b";

async function fixture() {
  const { privateJwk, publicJwk } = await generateQrKey("hub-qr-1");
  const sign = await importSigningKey(privateJwk);
  const verify = await importVerifyKey(publicJwk);
  const claims: QrClaims = {
    site: uuid,
    id: newCodeId(),
    order: uuid,
    expiresAt: NOW + QR_TTL_MS,
    items: [
      { productId: uuid, quantity: 1 },
      { productId: uuid.replace("0193", "0194"), quantity: 2 },
    ],
    kid: "hub-qr-1",
  };
  return { sign, verify, claims, token: await signQrToken(sign, claims) };
}

describe("QR token", () => {
  it("is compact: a two-item code with uuid ids is 254 bytes, 339 base64url characters (QR version 12-L)", async () => {
    const { token, claims } = await fixture();
    const read = readQrToken(token)!;
    expect(read.claims).toEqual({ ...claims, expiresAt: Math.floor(claims.expiresAt / 1000) * 1000 });
    expect(read.body.length + read.sig.length).toBe(254);
    expect(token.length).toBe(339);
  });

  it("verifies with its key, at the site, until expiry plus the stated skew", async () => {
    const { token, verify, claims } = await fixture();
    const keyOf = (kid: string) => (kid === "hub-qr-1" ? verify : undefined);
    const at = (now: number) => verifyQrToken(token, keyOf, { site: uuid, now });
    expect((await at(NOW)).ok).toBe(true);
    expect((await at(claims.expiresAt + QR_CLOCK_SKEW_MS - 1000)).ok).toBe(true);
    expect(await at(claims.expiresAt + QR_CLOCK_SKEW_MS + 1000)).toMatchObject({
      ok: false,
      reason: "EXPIRED",
    });
    expect(await verifyQrToken(token, keyOf, { site: "other", now: NOW })).toMatchObject({
      ok: false,
      reason: "OTHER_SITE",
    });
  });

  it("calls a changed byte, an unknown key, another key or garbage forged", async () => {
    const { token, verify } = await fixture();
    const other = await fixture();
    const keyOf = (kid: string) => (kid === "hub-qr-1" ? verify : undefined);
    const check = (t: string, k = keyOf) => verifyQrToken(t, k, { site: uuid, now: NOW });
    const bytes = Uint8Array.from(atob(token.replaceAll("-", "+").replaceAll("_", "/")), (c) =>
      c.charCodeAt(0),
    );
    bytes[10] = bytes[10]! ^ 1;
    const tampered = btoa(String.fromCharCode(...bytes))
      .replaceAll("+", "-")
      .replaceAll("/", "_")
      .replace(/=+$/, "");
    expect((await check(tampered)).ok).toBe(false);
    expect(await check(token, () => undefined)).toMatchObject({ reason: "FORGED" });
    expect(await check(other.token)).toMatchObject({ reason: "FORGED" });
    expect(await check("not a token")).toMatchObject({ reason: "FORGED" });
    expect(await check("AAAA")).toMatchObject({ reason: "FORGED" });
  });
});
