import { CompactSign, exportJWK, generateKeyPair } from "jose";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type OpenedDb, openDb } from "../db/index.ts";
import { applyDocument, DesiredStateRejected } from "../desired-state/index.ts";
import { sectionsOf } from "../module/index.ts";
import { HUB_MODULES } from "../modules.ts";
import { verifyCloudToken } from "./cloud-token.ts";
import { cloudKey, member } from "./testing.ts";
import { trustedKeysFor, verifyTrustedJws } from "./trusted-keys.ts";

const ALL_SECTIONS = sectionsOf(HUB_MODULES);

const binding = { siteId: "site-1", hubId: "hub-cloud" };
let storage: OpenedDb;
beforeEach(async () => {
  storage = await openDb(":memory:");
});
afterEach(() => storage.close());

async function qrKey() {
  const pair = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  const { d: _private, ...jwk } = await exportJWK(pair.privateKey);
  const sign = (text: string) =>
    new CompactSign(new TextEncoder().encode(text))
      .setProtectedHeader({ alg: "EdDSA", kid: "qr-1" })
      .sign(pair.privateKey);
  return { jwk: { ...jwk, kid: "qr-1", purpose: "qr" as const }, sign };
}

describe("trusted keys of any algorithm the hub verifies", () => {
  it("takes an Ed25519 QR key down in trustedKeys@2 and verifies a QR signature with it, by its own algorithm", async () => {
    const qr = await qrKey();
    const access = await cloudKey();
    await applyDocument(
      { db: storage.db, sections: ALL_SECTIONS, binding, now: Date.now() },
      {
        ...binding,
        version: 1,
        issuedAt: new Date().toISOString(),
        sections: {
          trustedKeys: { keys: [access.publicJwk, qr.jwk] },
          members: { members: [member("u-1", "OWNER")], removed: [] },
        },
        sectionVersions: { trustedKeys: 2, members: 1 },
      },
    );
    expect((await trustedKeysFor(storage.db, "qr")).algorithms).toEqual(["EdDSA"]);
    expect((await trustedKeysFor(storage.db, "access")).algorithms).toEqual(["ES256"]);

    const verified = await verifyTrustedJws(storage.db, "qr", await qr.sign("qr:order-42"));
    expect(new TextDecoder().decode(verified.payload)).toBe("qr:order-42");
    expect(verified.kid).toBe("qr-1");

    // A tampered code, and a QR key's signature offered as an access token, are refused.
    const [h, , s] = (await qr.sign("qr:order-42")).split(".");
    const forged = `${h}.${Buffer.from("qr:order-43").toString("base64url")}.${s}`;
    await expect(verifyTrustedJws(storage.db, "qr", forged)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
    await expect(verifyTrustedJws(storage.db, "access", await qr.sign("x"))).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
    // The access key still verifies the hub tokens it signs.
    const now = Math.floor(Date.now() / 1000);
    const token = await access.sign({ sub: "u-1", hubId: binding.hubId, iat: now, exp: now + 60 });
    const principal = await verifyCloudToken(storage.db, {
      token,
      cloudHubId: binding.hubId,
      nowMs: Date.now(),
    });
    expect(principal).toMatchObject({ subject: "u-1", role: "admin" });
  });

  it("stores trustedKeys@1 (from a cloud serving only v1) as access keys", async () => {
    const access = await cloudKey();
    const { purpose: _purpose, ...v1Key } = access.publicJwk;
    const result = await applyDocument(
      { db: storage.db, sections: ALL_SECTIONS, binding, now: Date.now() },
      {
        ...binding,
        version: 1,
        issuedAt: new Date().toISOString(),
        sections: { trustedKeys: { keys: [v1Key] } },
        sectionVersions: { trustedKeys: 1 },
      },
    );
    expect(result.applied).toEqual({ trustedKeys: 1 });
    expect((await trustedKeysFor(storage.db, "access")).keys).toEqual([
      expect.objectContaining({ kid: access.kid, purpose: "access" }),
    ]);
    expect((await trustedKeysFor(storage.db, "qr")).keys).toEqual([]);
  });

  it("refuses two keys under one kid, whatever their purposes, before anything is stored", async () => {
    const access = await cloudKey("k-same");
    const qr = await qrKey();
    const err = await applyDocument(
      { db: storage.db, sections: ALL_SECTIONS, binding, now: Date.now() },
      {
        ...binding,
        version: 1,
        issuedAt: new Date().toISOString(),
        sections: { trustedKeys: { keys: [access.publicJwk, { ...qr.jwk, kid: "k-same" }] } },
        sectionVersions: { trustedKeys: 2 },
      },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(DesiredStateRejected);
    expect(err.message).toMatch(/^trustedKeys: .*kid/);
    expect((await trustedKeysFor(storage.db, "access")).keys).toEqual([]);
  });
});
