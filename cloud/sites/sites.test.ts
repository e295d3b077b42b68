import { env } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import {
  api,
  authed,
  claimCode,
  createSite,
  jsonInit,
  newHubKeys,
  signUpUser,
} from "../../edge/testing/fixtures.ts";
import { ManualClock } from "../../shared/clock/index.ts";
import {
  CLAIM_CODE_TTL_MS,
  claimHub,
  createClaimCode,
  normaliseCode,
  purgeExpiredClaimCodes,
} from "./claim.ts";
import * as schema from "./schema.ts";
import { createSite as createSiteVerb } from "./sites.ts";

const db = () => drizzle(env.SITES_DB, { schema });

describe("sites", () => {
  it("makes the creator OWNER and lists only the caller's sites", async () => {
    const owner = await signUpUser();
    const other = await signUpUser();
    const res = await api("/v1/sites", jsonInit("POST", { name: "Corner shop" }, owner.token));
    expect(res.status).toBe(201);
    const site = (await res.json()) as { id: string; name: string; role: string };
    expect(site).toMatchObject({ name: "Corner shop", role: "OWNER" });

    const mine = (await (await api("/v1/sites", authed(owner.token))).json()) as { sites: unknown[] };
    expect(mine.sites).toEqual([expect.objectContaining({ id: site.id, role: "OWNER" })]);
    const theirs = (await (await api("/v1/sites", authed(other.token))).json()) as { sites: unknown[] };
    expect(theirs.sites).toEqual([]);
  });

  it("refuses a nameless site with 400", async () => {
    const owner = await signUpUser();
    const res = await api("/v1/sites", jsonInit("POST", { name: "  " }, owner.token));
    expect(res.status).toBe(400);
  });

  it("keeps an IANA time zone: given at creation or UTC by default, set by PATCH, an unknown zone refused", async () => {
    const owner = await signUpUser();
    const made = await api(
      "/v1/sites",
      jsonInit("POST", { name: "Berlin shop", timeZone: "Europe/Berlin" }, owner.token),
    );
    expect(made.status).toBe(201);
    const berlin = (await made.json()) as { id: string; timeZone: string };
    expect(berlin.timeZone).toBe("Europe/Berlin");
    const plain = (await (
      await api("/v1/sites", jsonInit("POST", { name: "Plain shop" }, owner.token))
    ).json()) as { id: string; timeZone: string };
    expect(plain.timeZone).toBe("UTC");

    const bad = await api(
      `/v1/sites/${plain.id}`,
      jsonInit("PATCH", { timeZone: "Mars/Olympus_Mons" }, owner.token),
    );
    expect(bad.status).toBe(400);
    expect(
      (await api("/v1/sites", jsonInit("POST", { name: "X", timeZone: "CEST+1" }, owner.token))).status,
    ).toBe(400);
    const set = await api(
      `/v1/sites/${plain.id}`,
      jsonInit("PATCH", { timeZone: "America/Argentina/Buenos_Aires" }, owner.token),
    );
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({
      name: "Plain shop",
      timeZone: "America/Argentina/Buenos_Aires",
    });
    const renamed = await api(`/v1/sites/${plain.id}`, jsonInit("PATCH", { name: "Renamed" }, owner.token));
    expect(await renamed.json()).toMatchObject({
      name: "Renamed",
      timeZone: "America/Argentina/Buenos_Aires",
    });
    expect((await api(`/v1/sites/${plain.id}`, jsonInit("PATCH", {}, owner.token))).status).toBe(400);
    const mine = (await (await api("/v1/sites", authed(owner.token))).json()) as {
      sites: { id: string; timeZone: string }[];
    };
    expect(mine.sites.map((s) => s.timeZone).sort()).toEqual([
      "America/Argentina/Buenos_Aires",
      "Europe/Berlin",
    ]);
  });

  it("requires sign-in", async () => {
    expect((await api("/v1/sites", jsonInit("POST", { name: "x" }))).status).toBe(401);
  });
});

describe("claim codes", () => {
  it("lets only the site's OWNER mint one: non-members and GUESTs get 403", async () => {
    const owner = await signUpUser();
    const stranger = await signUpUser();
    const guest = await signUpUser();
    const siteId = await createSite(owner);
    await db()
      .insert(schema.siteMembers)
      .values({ siteId, userId: guest.id, role: "GUEST", createdAt: Date.now() });

    const minted = await api(`/v1/sites/${siteId}/claim-codes`, { method: "POST", ...authed(owner.token) });
    expect(minted.status).toBe(201);
    expect(((await minted.json()) as { code: string }).code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    for (const user of [stranger, guest]) {
      const res = await api(`/v1/sites/${siteId}/claim-codes`, { method: "POST", ...authed(user.token) });
      expect(res.status).toBe(403);
    }
  });

  it("claims a hub once: the same code again is refused and makes no second hub", async () => {
    const owner = await signUpUser();
    const siteId = await createSite(owner);
    const code = await claimCode(owner, siteId);
    const keys = await newHubKeys();

    const first = await api(
      "/v1/hubs/claim",
      jsonInit("POST", { code, publicKey: keys.publicJwk, name: "Hub A" }),
    );
    expect(first.status).toBe(201);
    const claimed = (await first.json()) as { hubId: string; siteId: string };
    expect(claimed.siteId).toBe(siteId);

    // Lower case and no dashes still names the same code.
    const again = await api(
      "/v1/hubs/claim",
      jsonInit("POST", { code: code.replace(/-/g, "").toLowerCase(), publicKey: keys.publicJwk }),
    );
    expect(again.status).toBe(403);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
    const hubs = await db().select().from(schema.hubs).all();
    expect(hubs.filter((h) => h.siteId === siteId).map((h) => h.id)).toEqual([claimed.hubId]);
  });

  it("gives exactly one of two racing claims the hub", async () => {
    const owner = await signUpUser();
    const siteId = await createSite(owner);
    const code = await claimCode(owner, siteId);
    const [a, b] = await Promise.all([newHubKeys(), newHubKeys()]);
    const results = await Promise.all(
      [a, b].map((k) => api("/v1/hubs/claim", jsonInit("POST", { code, publicKey: k.publicJwk }))),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 403]);
  });

  it("refuses an expired code and an unknown code alike", async () => {
    const clock = new ManualClock(Date.now());
    const owner = await signUpUser();
    const site = await createSiteVerb({ db: db(), clock }, { userId: owner.id, name: "Cold store" });
    const { code } = await createClaimCode({ db: db(), clock }, { siteId: site.id, userId: owner.id });
    const { publicJwk } = await newHubKeys();
    const request = { code, publicKey: publicJwk as never };

    clock.advance(CLAIM_CODE_TTL_MS + 1);
    await expect(claimHub({ db: db(), clock }, request)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(
      claimHub({ db: db(), clock }, { ...request, code: "0000-0000-0000-0000" }),
    ).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await purgeExpiredClaimCodes({ db: db(), clock })).toBeGreaterThanOrEqual(1);
  });

  it("refuses a claim whose public key is not an Ed25519 JWK with 400", async () => {
    const owner = await signUpUser();
    const code = await claimCode(owner, await createSite(owner));
    const res = await api(
      "/v1/hubs/claim",
      jsonInit("POST", { code, publicKey: { kty: "RSA", n: "x", e: "AQAB" } }),
    );
    expect(res.status).toBe(400);
  });

  it("normalises codes typed by people", () => {
    expect(normaliseCode("abcd-efgh ijkl-mnop")).toBe("ABCDEFGH1JK1MN0P");
  });
});
