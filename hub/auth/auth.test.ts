import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../shared/clock/index.ts";
import { connectFridge, fridgeInput, getJson, sendJson, startTestHub, type TestHub } from "../testing.ts";
import { issueSetupCode, noteCloudTime } from "./index.ts";
import { applyAuthSections, type CloudKey, cloudKey, fakeClaimCloud, member } from "./testing.ts";

const hubs: TestHub[] = [];
const closers: (() => Promise<void>)[] = [];
async function hub(clock?: ManualClock): Promise<TestHub> {
  const h = await startTestHub(clock ? { clock } : {});
  hubs.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.destroy()));
  await Promise.all(closers.splice(0).map((c) => c()));
});

/** A session cookie from a sign-in response, as a browser would send it back. */
function cookieOf(res: Response): string {
  const set = res.headers.get("set-cookie") ?? "";
  expect(set).toMatch(/HttpOnly/);
  expect(set).toMatch(/SameSite=Strict/);
  return set.split(";")[0]!;
}

async function post(h: TestHub, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${h.httpUrl}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

/** Claims the hub through a stand-in cloud, trusts `key` and makes `members` the site's members. */
async function claimedHub(key: CloudKey, members: ReturnType<typeof member>[], clock?: ManualClock) {
  const h = await hub(clock);
  const cloud = await fakeClaimCloud(["GOOD-CODE-1", "GOOD-CODE-2"]);
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
    members: { members, removed: [] },
  });
  return { h, cloudHubId: claimed.body.hubId, cloud };
}

const nowS = (clock?: ManualClock) => Math.floor((clock?.now() ?? Date.now()) / 1000);

/** A fridge alarm raised at once (delays off), returned by id. */
async function raiseAlarm(h: TestHub): Promise<string> {
  const paired = await h.pair(fridgeInput({ equipment: { optimalMin: 0, optimalMax: 5 } }));
  const rules = { highDelayMs: 0, lowDelayMs: 0 };
  expect(
    (await sendJson("PUT", `${h.httpUrl}/api/equipment/${paired.equipmentId}/rules`, rules, h)).status,
  ).toBe(200);
  const fridge = await connectFridge(h, paired);
  await fridge.publishTelemetry({ temperature: 9 });
  await fridge.close();
  const { body } = await getJson<{ alarms: { id: string }[] }>(`${h.httpUrl}/api/alarms?status=open`, h);
  expect(body.alarms).toHaveLength(1);
  return String(body.alarms[0]!.id);
}

describe("a new hub: setup code → first local owner", () => {
  it("redeems the setup code once, then signs the owner in and out with a server-side session", async () => {
    const h = await hub();
    expect((await getJson(`${h.httpUrl}/api/auth/state`)).body).toEqual({
      claimed: false,
      setupRequired: true,
    });
    const code = (await issueSetupCode(h.storage.db, Date.now()))!;
    expect(code).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);

    const wrong = await post(h, "/api/auth/setup", {
      code: "AAAAA-AAAAA",
      username: "ana",
      password: "a long passphrase",
    });
    expect(wrong.status).toBe(401);
    const setup = await post(h, "/api/auth/setup", {
      code: code.toLowerCase(),
      username: "Ana",
      password: "a long passphrase",
    });
    expect(setup.status).toBe(201);
    expect(await setup.json()).toMatchObject({ name: "ana", role: "admin" });
    const again = await post(h, "/api/auth/setup", { code, username: "eve", password: "another passphrase" });
    expect(again.status).toBe(409);
    expect((await getJson(`${h.httpUrl}/api/auth/state`)).body).toEqual({
      claimed: false,
      setupRequired: false,
    });
    expect(await issueSetupCode(h.storage.db, Date.now())).toBeUndefined();

    const signedIn = await post(h, "/api/auth/sign-in", { username: "ana", password: "a long passphrase" });
    expect(signedIn.status).toBe(200);
    const cookie = cookieOf(signedIn);
    const me = await fetch(`${h.httpUrl}/api/auth/me`, { headers: { cookie } });
    expect(await me.json()).toMatchObject({ name: "ana", role: "admin" });

    expect((await post(h, "/api/auth/sign-out", {}, { cookie })).status).toBe(204);
    expect((await fetch(`${h.httpUrl}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
  });

  it("throttles wrong passwords per account with 429 and Retry-After, even for the right password", async () => {
    const h = await hub();
    const code = (await issueSetupCode(h.storage.db, Date.now()))!;
    await post(h, "/api/auth/setup", { code, username: "ana", password: "a long passphrase" });
    for (let i = 0; i < 5; i++) {
      expect((await post(h, "/api/auth/sign-in", { username: "ana", password: `guess ${i}` })).status).toBe(
        401,
      );
    }
    const limited = await post(h, "/api/auth/sign-in", { username: "ana", password: "a long passphrase" });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect((await limited.json()).error.code).toBe("RATE_LIMITED");
  });
});

describe("cloud hub tokens, verified offline", () => {
  it("signs a member in with the role from the members table, and a GUEST cannot acknowledge", async () => {
    const key = await cloudKey();
    const { h, cloudHubId } = await claimedHub(key, [member("u-guest", "GUEST", "Gil Guest")]);
    const alarmId = await raiseAlarm(h);
    // The token claims OWNER; the hub believes its members table.
    const token = await key.sign({
      sub: "u-guest",
      hubId: cloudHubId,
      role: "OWNER",
      iat: nowS(),
      exp: nowS() + 3600,
    });
    const me = await getJson(`${h.httpUrl}/api/auth/me`, token);
    expect(me.body).toEqual({ subject: "u-guest", name: "Gil Guest", role: "read", technician: false });
    expect((await getJson(`${h.httpUrl}/api/alarms`, token)).status).toBe(200);
    const ack = await sendJson(
      `POST`,
      `${h.httpUrl}/api/alarms/${alarmId}/acknowledge`,
      { note: "seen" },
      token,
    );
    expect(ack.status).toBe(403);
  });

  it("records the token's subject on acknowledgement, never a name from the body", async () => {
    const key = await cloudKey();
    const { h, cloudHubId } = await claimedHub(key, [member("u-maint", "MAINTAINER", "Mia Maintainer")]);
    const alarmId = await raiseAlarm(h);
    const token = await key.sign({ sub: "u-maint", hubId: cloudHubId, iat: nowS(), exp: nowS() + 3600 });
    const forged = await sendJson(
      `POST`,
      `${h.httpUrl}/api/alarms/${alarmId}/acknowledge`,
      { by: "Someone Else" },
      token,
    );
    expect(forged.status).toBe(400);
    const ack = await sendJson<{ acknowledgedBy: string }>(
      `POST`,
      `${h.httpUrl}/api/alarms/${alarmId}/acknowledge`,
      { note: "moving stock" },
      token,
    );
    expect(ack.status).toBe(200);
    expect(ack.body.acknowledgedBy).toBe("Mia Maintainer (u-maint)");
    const rows = await h.storage.client.execute("select acknowledged_by from alarms");
    expect(rows.rows[0]!.acknowledged_by).toContain("u-maint");
  });

  it("refuses a removed member from the next members version on, session included", async () => {
    const key = await cloudKey();
    const { h, cloudHubId } = await claimedHub(key, [
      member("u-owner", "OWNER"),
      member("u-bob", "MAINTAINER"),
    ]);
    const token = await key.sign({ sub: "u-bob", hubId: cloudHubId, iat: nowS(), exp: nowS() + 3600 });
    expect((await getJson(`${h.httpUrl}/api/auth/me`, token)).status).toBe(200);
    const signedIn = await post(h, "/api/auth/token", { token });
    expect(signedIn.status).toBe(200);
    const cookie = cookieOf(signedIn);

    await applyAuthSections(
      h.storage.db,
      {
        members: {
          members: [member("u-owner", "OWNER")],
          removed: [{ userId: "u-bob", removedAt: new Date().toISOString() }],
        },
      },
      2,
    );
    expect((await getJson(`${h.httpUrl}/api/auth/me`, token)).status).toBe(401);
    expect((await fetch(`${h.httpUrl}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
    expect((await post(h, "/api/auth/token", { token })).status).toBe(401);
  });

  it("refuses tokens for another hub, signed by an untrusted key, or expired", async () => {
    const key = await cloudKey();
    const stranger = await cloudKey(key.kid);
    const { h, cloudHubId } = await claimedHub(key, [member("u-1", "OWNER")]);
    const exp = nowS() + 3600;
    const other = await key.sign({ sub: "u-1", hubId: "hub-elsewhere", iat: nowS(), exp });
    const forged = await stranger.sign({ sub: "u-1", hubId: cloudHubId, iat: nowS(), exp });
    const expired = await key.sign({ sub: "u-1", hubId: cloudHubId, iat: nowS() - 7200, exp: nowS() - 60 });
    for (const token of [other, forged, expired]) {
      expect((await getJson(`${h.httpUrl}/api/auth/me`, token)).status).toBe(401);
    }
  });

  it("never checks a token against a clock earlier than the last cloud contact", async () => {
    const realNow = Date.now();
    // A Pi without a battery clock booted a year in the past.
    const clock = new ManualClock(realNow - 365 * 24 * 3600_000);
    const key = await cloudKey();
    const { h, cloudHubId } = await claimedHub(key, [member("u-1", "OWNER")], clock);
    const expiredAnHourAgo = await key.sign({
      sub: "u-1",
      hubId: cloudHubId,
      iat: Math.floor(realNow / 1000) - 13 * 3600,
      exp: Math.floor(realNow / 1000) - 3600,
    });
    // Against the wrong clock alone the token still looks valid…
    expect((await getJson(`${h.httpUrl}/api/auth/me`, expiredAnHourAgo)).status).toBe(200);
    await noteCloudTime(h.storage.db, realNow);
    // …but not against the time the cloud last vouched for.
    expect((await getJson(`${h.httpUrl}/api/auth/me`, expiredAnHourAgo)).status).toBe(401);
    // The clock never moves the known-good time backwards.
    await noteCloudTime(h.storage.db, realNow - 10 * 24 * 3600_000);
    expect((await getJson(`${h.httpUrl}/api/auth/me`, expiredAnHourAgo)).status).toBe(401);
  });
});

describe("claim, safely", () => {
  it("is admin only, refuses a second claim unless replacing, and never echoes the cloud", async () => {
    const key = await cloudKey();
    const { h, cloud } = await claimedHub(key, [member("u-maint", "MAINTAINER")]);
    const again = await sendJson(
      "POST",
      `${h.httpUrl}/api/cloud/claim`,
      { cloudUrl: cloud.url, code: "OTHER-CODE" },
      h,
    );
    expect(again.status).toBe(409);

    const refused = await sendJson<{ error: { message: string } }>(
      "POST",
      `${h.httpUrl}/api/cloud/claim`,
      { cloudUrl: cloud.url, code: "BAD-CODE-9", replace: true },
      h,
    );
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).not.toContain("secret internal detail");

    const plainHttp = await sendJson(
      "POST",
      `${h.httpUrl}/api/cloud/claim`,
      { cloudUrl: "http://cloud.example", code: "GOOD-CODE-1", replace: true },
      h,
    );
    expect(plainHttp.status).toBe(400);

    const anon = await sendJson("POST", `${h.httpUrl}/api/cloud/claim`, {
      cloudUrl: cloud.url,
      code: "X-CODE-1",
    });
    expect(anon.status).toBe(401);
    expect((await getJson<{ claimed: boolean }>(`${h.httpUrl}/api/auth/state`)).body.claimed).toBe(true);

    // Replacing the binding forgets the old site's members and their sessions.
    const token = await key.sign({ sub: "u-maint", hubId: "hub-cloud-1", iat: nowS(), exp: nowS() + 3600 });
    const signedIn = await post(h, "/api/auth/token", { token });
    expect(signedIn.status).toBe(200);
    const cookie = cookieOf(signedIn);
    const replaced = await sendJson<{ hubId: string }>(
      "POST",
      `${h.httpUrl}/api/cloud/claim`,
      { cloudUrl: cloud.url, code: "GOOD-CODE-2", replace: true },
      h,
    );
    expect(replaced.status).toBe(201);
    expect(replaced.body.hubId).toBe("hub-cloud-2");
    expect((await fetch(`${h.httpUrl}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
  });
});
