import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../shared/clock/index.ts";
import { getJson, sendJson, startTestHub, type TestHub } from "../testing.ts";
import { trustedNow } from "./index.ts";
import { applyAuthSections, type CloudKey, cloudKey, fakeClaimCloud, member } from "./testing.ts";

const HOUR = 3600_000;
const hubs: TestHub[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.destroy()));
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** A hub whose clock is 48 h behind, claimed through a stand-in cloud that sends its unsigned `Date`. */
async function hubBehind(key: CloudKey) {
  const realNow = Date.now();
  const clock = new ManualClock(realNow - 48 * HOUR);
  const h = await startTestHub({ clock, sync: { idleMs: 600_000 } });
  hubs.push(h);
  const cloud = await fakeClaimCloud(["GOOD-CODE-1"]);
  closers.push(cloud.close);
  const claimed = await sendJson<{ hubId: string }>(
    "POST",
    `${h.httpUrl}/api/cloud/claim`,
    { cloudUrl: cloud.url, code: "GOOD-CODE-1" },
    h,
  );
  expect(claimed.status).toBe(201);
  await applyAuthSections(h.storage.db, {
    trustedKeys: { keys: [key.publicJwk] },
    members: { members: [member("u-1", "OWNER")], removed: [] },
  });
  const s = Math.floor(realNow / 1000);
  const expiredAnHourAgo = await key.sign({
    sub: "u-1",
    hubId: claimed.body.hubId,
    iat: s - 13 * 3600,
    exp: s - 3600,
  });
  return { h, clock, cloud, realNow, hubId: claimed.body.hubId, expiredAnHourAgo };
}

/** One sync round; the stand-in cloud refuses every hub call, so the round fails, but its answers count. */
const syncRound = (h: TestHub) => h.sync.syncOnce().catch(() => undefined);

describe("trusted time from the cloud, signed", () => {
  it("a hub 48 h behind refuses a hub token that expired an hour ago after one sync round", async () => {
    const key = await cloudKey();
    const { h, clock, cloud, realNow, hubId, expiredAnHourAgo } = await hubBehind(key);
    // Against the clock alone the token looks valid.
    expect((await getJson(`${h.httpUrl}/api/auth/me`, expiredAnHourAgo)).status).toBe(200);
    cloud.vouch = { key, now: realNow, hubId };
    await syncRound(h);
    expect(await trustedNow(h.storage.db, clock)).toBe(realNow);
    expect((await getJson(`${h.httpUrl}/api/auth/me`, expiredAnHourAgo)).status).toBe(401);
    // A token with an hour left gives a session of at most an hour, not the 49 h the clock would give.
    const s = Math.floor(realNow / 1000);
    const anHourLeft = await key.sign({ sub: "u-1", hubId, iat: s - 60, exp: s + 3600 });
    const signedIn = await fetch(`${h.httpUrl}/api/auth/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: anHourLeft }),
    });
    expect(signedIn.status).toBe(200);
    const maxAge = Number(/Max-Age=(\d+)/i.exec(signedIn.headers.get("set-cookie") ?? "")?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(maxAge).toBeLessThanOrEqual(3600);
    // An older signed time (a replayed answer) never moves it back.
    cloud.vouch = { key, now: realNow - 24 * HOUR, hubId };
    await syncRound(h);
    expect(await trustedNow(h.storage.db, clock)).toBe(realNow);
  });

  it("never moves it for an unsigned Date, a stranger's signature or another hub's time", async () => {
    const key = await cloudKey();
    const { h, clock, cloud, realNow, hubId, expiredAnHourAgo } = await hubBehind(key);
    const behind = clock.now();
    // The stand-in cloud sends a real `Date` on every answer: alone, it moves nothing.
    await syncRound(h);
    expect(await trustedNow(h.storage.db, clock)).toBe(behind);
    for (const vouch of [
      { key: await cloudKey(), now: realNow, hubId },
      { key, now: realNow, hubId: "another-hub" },
    ]) {
      cloud.vouch = vouch;
      await syncRound(h);
      expect(await trustedNow(h.storage.db, clock)).toBe(behind);
    }
    expect((await getJson(`${h.httpUrl}/api/auth/me`, expiredAnHourAgo)).status).toBe(200);
  });
});
