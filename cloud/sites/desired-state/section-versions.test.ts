import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { exportJWK, generateKeyPair } from "jose";
import { describe, expect, it } from "vitest";
import { api, jsonInit, siteWithHub, type TestHub } from "../../../edge/testing/fixtures.ts";
import { ManualClock } from "../../../shared/clock/index.ts";
import {
  type DesiredStateDocument,
  SECTIONS_HEADER,
  trustedKeysSection,
  trustedKeysSectionV1,
  unexpired,
} from "../../../shared/desired-state/index.ts";
import { signHubToken } from "../../../shared/sync/index.ts";
import * as schema from "../schema.ts";
import { LONGEST_TOKEN_LIFETIME_MS, members, trustedKeysV2 } from "./access-producers.ts";
import type { SitesProducerDeps } from "./producers.ts";

const db = () => drizzle(env.SITES_DB, { schema });

async function fetchAs(hub: TestHub, sections?: string, etag?: string): Promise<Response> {
  const token = await signHubToken(hub.privateJwk, hub, Date.now());
  return api(`/v1/hubs/${hub.hubId}/desired-state`, {
    headers: {
      authorization: `Bearer ${token}`,
      ...(sections !== undefined ? { [SECTIONS_HEADER]: sections } : {}),
      ...(etag ? { "if-none-match": etag } : {}),
    },
  });
}

const CURRENT = "trustedKeys@2, members@1, site@1, devices@1, equipment@1, rules@1";

describe("desired state served for the sections a hub states", () => {
  it("serves what the hub states; a hub that learns a section misses the cache although the version stayed", async () => {
    const { siteId, owner, hub } = await siteWithHub();
    const zone = await api(`/v1/sites/${siteId}`, jsonInit("PATCH", { timeZone: "Asia/Tokyo" }, owner.token));
    expect(zone.status).toBe(200);
    const without = await fetchAs(hub, "trustedKeys@2, members@1, devices@1, equipment@1, rules@1");
    expect(without.headers.get("vary")).toBe(SECTIONS_HEADER);
    const first = (await without.json()) as DesiredStateDocument;
    const etag = without.headers.get("etag")!;
    expect(etag).toMatch(new RegExp(`^"${first.version}\\.[A-Za-z0-9_-]{16}"$`));
    expect(Object.keys(first.sections)).not.toContain("site");
    expect(
      (await fetchAs(hub, "trustedKeys@2, members@1, devices@1, equipment@1, rules@1", etag)).status,
    ).toBe(304);

    // The same hub after an upgrade that taught it `site`: same version, a new ETag, the section served.
    const learned = await fetchAs(hub, CURRENT, etag);
    expect(learned.status).toBe(200);
    const next = (await learned.json()) as DesiredStateDocument;
    expect(next.version).toBe(first.version);
    expect(next.sections.site).toEqual({ name: "Corner shop", timeZone: "Asia/Tokyo" });
    expect(next.sectionVersions).toEqual({
      trustedKeys: 2,
      members: 1,
      site: 1,
      devices: 1,
      equipment: 1,
      rules: 1,
    });
    expect((await fetchAs(hub, CURRENT, learned.headers.get("etag")!)).status).toBe(304);
    const keys = trustedKeysSection.parse(next.sections.trustedKeys).keys;
    expect(keys.length).toBeGreaterThan(0);
    // The access keys (EC P-256), and dispensing's QR key (Ed25519) the hub verifies codes with.
    expect(keys.filter((k) => k.purpose === "access").every((k) => k.kty === "EC")).toBe(true);
    expect(keys.filter((k) => k.purpose !== "access").map((k) => [k.purpose, k.kty])).toEqual([
      ["qr", "OKP"],
    ]);

    // A hub that states nothing (from before sections were stated) keeps its set and its plain ETag.
    const legacy = await fetchAs(hub);
    expect(legacy.headers.get("etag")).toBe(`"${first.version}"`);
    expect(Object.keys(((await legacy.json()) as DesiredStateDocument).sections)).toEqual([
      "trustedKeys",
      "members",
      "devices",
      "equipment",
      "rules",
    ]);
  });

  it("serves a hub one version behind the version it knows, and says what it cannot serve", async () => {
    const { hub } = await siteWithHub();
    const behind = (await (
      await fetchAs(hub, "trustedKeys@1, members@1, devices@1")
    ).json()) as DesiredStateDocument;
    expect(behind.sectionVersions).toEqual({ trustedKeys: 1, members: 1, devices: 1 });
    const v1 = trustedKeysSectionV1.parse(behind.sections.trustedKeys).keys;
    expect(v1.length).toBeGreaterThan(0);
    expect(v1.every((k) => !("purpose" in k))).toBe(true);
    expect(behind.unservable).toEqual([]);

    // A hub that knows both gets the newest; one that knows only v0 gets none, and is told so.
    const both = (await (await fetchAs(hub, "trustedKeys@1, trustedKeys@2")).json()) as DesiredStateDocument;
    expect(both.sectionVersions).toEqual({ trustedKeys: 2 });
    const ancient = await fetchAs(hub, "trustedKeys@0, members@1, heatingSchedules@1");
    expect(ancient.status).toBe(200);
    const doc = (await ancient.json()) as DesiredStateDocument;
    expect(Object.keys(doc.sections)).toEqual(["members"]);
    expect(doc.unservable).toEqual([
      { section: "trustedKeys", hubVersions: [0], cloudVersions: [1, 2] },
      { section: "heatingSchedules", hubVersions: [1], cloudVersions: [] },
    ]);
  });

  it("refuses a malformed section list with 400", async () => {
    const { hub } = await siteWithHub();
    for (const bad of ["trustedKeys", "members@x", "Members@1", "a@1; b@2"]) {
      const res = await fetchAs(hub, bad);
      expect(res.status, bad).toBe(400);
    }
  });
});

describe("section producers", () => {
  const deps = (now: number, over: Partial<SitesProducerDeps> = {}): SitesProducerDeps => ({
    db: db(),
    clock: new ManualClock(now),
    jwks: async () => ({ keys: [] }),
    people: async () => [],
    ...over,
  });

  it("brings a removal down only while a token issued before it could be alive", async () => {
    const { siteId } = await siteWithHub();
    const now = Date.now();
    const ages = { fresh: 60_000, edge: LONGEST_TOKEN_LIFETIME_MS - 1, old: LONGEST_TOKEN_LIFETIME_MS + 1 };
    for (const [userId, age] of Object.entries(ages))
      await db()
        .insert(schema.siteMemberRemovals)
        .values({ siteId, userId, removedAt: now - age });
    const out = await members.produce(deps(now), siteId);
    expect(out.removed.map((r) => r.userId)).toEqual(["edge", "fresh"]);
    expect(unexpired([1, 5, 9], 5, (n) => n)).toEqual([9]);
  });

  it("tags the access keys and a site's Ed25519 QR key, and never passes a private part on", async () => {
    const { siteId } = await siteWithHub();
    const qr = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    const privateJwk = { ...(await exportJWK(qr.privateKey)), kid: "qr-1" };
    const access = await generateKeyPair("ES256", { extractable: true });
    const accessJwk = { ...(await exportJWK(access.publicKey)), kid: "acc-1", alg: "ES256" };
    const out = await trustedKeysV2.produce(
      deps(Date.now(), { jwks: async () => ({ keys: [accessJwk] }), qrKeys: async () => [privateJwk] }),
      siteId,
    );
    expect(out.keys).toEqual([
      { ...accessJwk, purpose: "access" },
      { kty: "OKP", crv: "Ed25519", x: privateJwk.x, kid: "qr-1", purpose: "qr" },
    ]);
  });
});
