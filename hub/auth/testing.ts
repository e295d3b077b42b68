/** Auth test helpers: a stand-in cloud key that signs hub access tokens and times, desired-state sections applied directly. */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { CompactSign, type CryptoKey, exportJWK, generateKeyPair, SignJWT } from "jose";
import { ACCESS_TOKEN_ISSUER, hubAccessTokenAudience } from "../../shared/access-token/index.ts";
import type { MembersSection, TrustedKeysSection } from "../../shared/desired-state/index.ts";
import type { SiteRole } from "../../shared/roles/index.ts";
import { HUB_TIME_HEADER, HUB_TIME_TYP } from "../../shared/sync/index.ts";
import type { HubDb } from "../db/index.ts";
import { membersSection, trustedKeysSection } from "./sections.ts";

export interface CloudKey {
  kid: string;
  privateKey: CryptoKey;
  /** As desired state brings it down (trustedKeys@2): tagged for access tokens. */
  publicJwk: { kid: string; kty: "EC"; crv: "P-256"; x: string; y: string; purpose: "access" };
  /** Signs a hub access token (contract C2) for `sub`, valid `[iat, exp)` in epoch seconds. */
  sign(input: {
    sub: string;
    hubId: string;
    role?: string;
    name?: string;
    iat: number;
    exp: number;
  }): Promise<string>;
}

export async function cloudKey(kid = `k-${crypto.randomUUID()}`): Promise<CloudKey> {
  const pair = await generateKeyPair("ES256", { extractable: true });
  const publicJwk = { ...(await exportJWK(pair.publicKey)), kid, purpose: "access" } as CloudKey["publicJwk"];
  return {
    kid,
    privateKey: pair.privateKey,
    publicJwk,
    sign: (t) =>
      new SignJWT({
        site: "site-1",
        role: t.role ?? "OWNER",
        email: `${t.sub}@example.test`,
        name: t.name ?? t.sub,
      })
        .setProtectedHeader({ alg: "ES256", kid, typ: "JWT" })
        .setIssuer(ACCESS_TOKEN_ISSUER)
        .setAudience(hubAccessTokenAudience(t.hubId))
        .setSubject(t.sub)
        .setIssuedAt(t.iat)
        .setExpirationTime(t.exp)
        .sign(pair.privateKey),
  };
}

/** Applies the two auth sections the way desired state does: validated, in one transaction. */
export async function applyAuthSections(
  db: HubDb,
  sections: { trustedKeys?: TrustedKeysSection; members?: MembersSection },
  version = 1,
): Promise<void> {
  const ctx = { siteId: "site-1", hubId: "hub-cloud", version, now: Date.now() };
  await db.transaction(async (tx) => {
    if (sections.trustedKeys) {
      await trustedKeysSection.apply(tx, trustedKeysSection.schema.parse(sections.trustedKeys), ctx);
    }
    if (sections.members) await membersSection.apply(tx, membersSection.schema.parse(sections.members), ctx);
  });
}

export const member = (userId: string, role: SiteRole, displayName: string | null = null) => ({
  userId,
  email: `${userId}@example.test`,
  displayName,
  role,
});

/** The cloud's signed time (the `outpost-time` header) as `key` signs it. */
export function signTime(key: CloudKey, time: { now: number; hubId: string }): Promise<string> {
  return new CompactSign(new TextEncoder().encode(JSON.stringify(time)))
    .setProtectedHeader({ alg: "ES256", kid: key.kid, typ: HUB_TIME_TYP })
    .sign(key.privateKey);
}

/**
 * A real HTTP server answering `POST /v1/hubs/claim` like the cloud: codes in `good` succeed once each.
 * It vouches for no time until a test sets `vouch` (then every answer carries that signed time), so the
 * hub's sync rounds against it leave the last-known-good time alone; its unsigned `Date` never counts.
 */
export async function fakeClaimCloud(good: string[]) {
  const codes = new Set(good);
  let n = 0;
  const cloud = {
    url: "",
    vouch: null as { key: CloudKey; now: number; hubId: string } | null,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d) => {
      body += d;
    });
    req.on("end", async () => {
      const vouch = cloud.vouch;
      if (vouch)
        res.setHeader(HUB_TIME_HEADER, await signTime(vouch.key, { now: vouch.now, hubId: vouch.hubId }));
      // The hub's background sync rounds reach this server too, with CBOR bodies: refused like a bad code.
      let code = "";
      try {
        code = (JSON.parse(body || "{}") as { code?: string }).code ?? "";
      } catch {}
      if (req.url !== "/v1/hubs/claim" || !codes.delete(code)) {
        res.writeHead(403, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { code: "FORBIDDEN", message: "secret internal detail 42" } }));
        return;
      }
      n++;
      res.writeHead(201, { "content-type": "application/json" });
      res.end(JSON.stringify({ hubId: `hub-cloud-${n}`, siteId: "site-1" }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  cloud.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return cloud;
}
