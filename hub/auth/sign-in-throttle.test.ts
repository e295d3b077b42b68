import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../shared/clock/index.ts";
import { sendJson, startTestHub, type TestHub } from "../testing.ts";
import { addressScope, issueSetupCode, SIGN_IN_LIMITS } from "./index.ts";
import { applyAuthSections, cloudKey, fakeClaimCloud, member } from "./testing.ts";

const hubs: TestHub[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.destroy()));
  await Promise.all(closers.splice(0).map((c) => c()));
});

const PASSWORD = "a long passphrase";

/** A hub whose local owner `ana` exists. */
async function ownedHub(clock?: ManualClock): Promise<TestHub> {
  const h = await startTestHub(clock ? { clock } : {});
  hubs.push(h);
  const code = (await issueSetupCode(h.storage.db, Date.now()))!;
  expect(
    (await postFrom(h, "127.0.0.1", "/api/auth/setup", { code, username: "ana", password: PASSWORD })).status,
  ).toBe(201);
  return h;
}

/** POSTs JSON from a chosen loopback address (127.0.0.0/8 is all loopback), as a second machine would. */
function postFrom(
  h: TestHub,
  localAddress: string,
  path: string,
  body: unknown,
): Promise<{ status: number; signedIn: boolean }> {
  const url = new URL(path, h.httpUrl);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: "POST",
        localAddress,
        agent: false,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ status: res.statusCode ?? 0, signedIn: !!res.headers["set-cookie"] }));
      },
    );
    req.on("error", reject);
    req.end(payload);
  });
}

const count = (answers: { status: number }[], status: number) =>
  answers.filter((a) => a.status === status).length;

describe("sign-in throttling under concurrency", () => {
  // A 401 is only answered after the password hash ran, so the 401s are the hashes evaluated.
  it("evaluates at most the account's allowance of 200 concurrent wrong passwords from one address", async () => {
    const h = await ownedHub();
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        postFrom(h, "127.0.0.1", "/api/auth/sign-in", { username: "ana", password: `guess ${i}` }),
      ),
    );
    expect(count(answers, 401)).toBeLessThanOrEqual(SIGN_IN_LIMITS.perAccount.failures);
    expect(count(answers, 401) + count(answers, 429)).toBe(200);
  });

  it("evaluates at most the address's allowance across many accounts", async () => {
    const h = await ownedHub();
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        postFrom(h, "127.0.0.4", "/api/auth/sign-in", { username: `user${i}`, password: "a wrong one" }),
      ),
    );
    expect(count(answers, 401)).toBeLessThanOrEqual(SIGN_IN_LIMITS.perAddress.failures);
    expect(count(answers, 401) + count(answers, 429)).toBe(200);
  });

  it("does not sign in the right password sent 28th in a burst of 30 guesses", async () => {
    const h = await ownedHub();
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        postFrom(h, "127.0.0.1", "/api/auth/sign-in", {
          username: "ana",
          password: i === 27 ? PASSWORD : `guess ${i}`,
        }),
      ),
    );
    expect(answers[27]).toEqual({ status: 429, signedIn: false });
    expect(answers.some((a) => a.signedIn)).toBe(false);
  });

  it("checks at most the address's allowance of concurrent setup codes", async () => {
    const h = await startTestHub();
    hubs.push(h);
    const setup = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        postFrom(h, "127.0.0.5", "/api/auth/setup", {
          code: `WRONG${i}`,
          username: "eve",
          password: PASSWORD,
        }),
      ),
    );
    expect(count(setup, 401)).toBeLessThanOrEqual(SIGN_IN_LIMITS.perAddress.failures);
    expect(count(setup, 401) + count(setup, 429)).toBe(100);
  });

  it("verifies at most the address's allowance of 100 concurrent forged hub tokens", async () => {
    const h = await startTestHub();
    hubs.push(h);
    const cloud = await fakeClaimCloud(["GOOD-CODE-1"]);
    closers.push(cloud.close);
    const claimed = await sendJson<{ hubId: string }>(
      "POST",
      `${h.httpUrl}/api/cloud/claim`,
      { cloudUrl: cloud.url, code: "GOOD-CODE-1" },
      h,
    );
    const key = await cloudKey();
    await applyAuthSections(h.storage.db, {
      trustedKeys: { keys: [key.publicJwk] },
      members: { members: [member("u-1", "OWNER")], removed: [] },
    });
    // Signed under the trusted key's id by another key: each one costs a real ES256 verification.
    const forger = await cloudKey(key.kid);
    const now = Math.floor(Date.now() / 1000);
    const forged = await forger.sign({ sub: "u-1", hubId: claimed.body.hubId, iat: now, exp: now + 3600 });
    const tokens = await Promise.all(
      Array.from({ length: 100 }, () => postFrom(h, "127.0.0.6", "/api/auth/token", { token: forged })),
    );
    expect(count(tokens, 401)).toBeLessThanOrEqual(SIGN_IN_LIMITS.perAddress.failures);
    expect(count(tokens, 401) + count(tokens, 429)).toBe(100);
  });
});

describe("the local owner's way in", () => {
  it("lets the owner in from another address while a stranger's guesses keep their own address locked out", async () => {
    const h = await ownedHub();
    const stranger = "127.0.0.2";
    const owner = "127.0.0.3";
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount.failures; i++) {
      const guess = await postFrom(h, stranger, "/api/auth/sign-in", {
        username: "ana",
        password: `guess ${i}`,
      });
      expect(guess.status).toBe(401);
    }
    // The account is locked for the stranger, even with the right password.
    expect(await postFrom(h, stranger, "/api/auth/sign-in", { username: "ana", password: PASSWORD })).toEqual(
      {
        status: 429,
        signedIn: false,
      },
    );
    // The owner, from an address with no failures, is not subject to that lockout.
    expect(await postFrom(h, owner, "/api/auth/sign-in", { username: "ana", password: PASSWORD })).toEqual({
      status: 200,
      signedIn: true,
    });
    // The owner's success does not hand the stranger a fresh allowance.
    expect(
      (await postFrom(h, stranger, "/api/auth/sign-in", { username: "ana", password: "again" })).status,
    ).toBe(429);
    // A wrong password from the owner's address counts there too: the lockout binds it from then on.
    expect(
      (await postFrom(h, owner, "/api/auth/sign-in", { username: "ana", password: "a typo" })).status,
    ).toBe(401);
    expect(
      (await postFrom(h, owner, "/api/auth/sign-in", { username: "ana", password: PASSWORD })).status,
    ).toBe(429);
  });

  it("keeps a stranger's address locked out for the window on the hub's clock, then lets it try again", async () => {
    const clock = new ManualClock();
    const h = await ownedHub(clock);
    for (let i = 0; i < SIGN_IN_LIMITS.perAccount.failures; i++) {
      await postFrom(h, "127.0.0.2", "/api/auth/sign-in", { username: "ana", password: `guess ${i}` });
    }
    expect(
      (await postFrom(h, "127.0.0.2", "/api/auth/sign-in", { username: "ana", password: PASSWORD })).status,
    ).toBe(429);
    clock.advance(SIGN_IN_LIMITS.perAccount.windowMs);
    expect(
      (await postFrom(h, "127.0.0.2", "/api/auth/sign-in", { username: "ana", password: PASSWORD })).status,
    ).toBe(200);
  });
});

describe("addressScope", () => {
  it("keys IPv4 by address and IPv6 by its /64", () => {
    expect(addressScope("192.168.1.20")).toBe("192.168.1.20");
    expect(addressScope("::ffff:192.168.1.20")).toBe("192.168.1.20");
    expect(addressScope("fe80::1:2:3:4%eth0")).toBe("fe80:0:0:0::/64");
    expect(addressScope("2001:db8:0:1:aaaa::1")).toBe(addressScope("2001:0db8::1:bbbb:0:0:2"));
    expect(addressScope("::1")).toBe("0:0:0:0::/64");
  });
});
