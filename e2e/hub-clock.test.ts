import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trustedNow } from "../hub/auth/index.ts";
import {
  authHeaders,
  connectFridge,
  eventually,
  fridgeInput,
  startTestHub,
  type TestHub,
} from "../hub/testing.ts";
import { CloudClient } from "../scripts/cloud-client.ts";
import { type Clock, systemClock } from "../shared/clock/index.ts";
import { type CloudFixture, startCloudFixture } from "./stack.ts";

const HOUR = 3600_000;
// A Pi without a battery clock that booted 48 h in the past; its timers run in real time.
const behind: Clock = { ...systemClock, now: () => systemClock.now() - 48 * HOUR };
// One whose clock was set two days ahead.
const ahead: Clock = { ...systemClock, now: () => systemClock.now() + 48 * HOUR };

let cloud: CloudFixture;
let hub: TestHub;
let hubAhead: TestHub;
/** Every answer the hub got from the real Worker, by path and status (its fetch, observed, not replaced). */
const answers: { path: string; status: number }[] = [];

beforeAll(async () => {
  cloud = await startCloudFixture();
  hub = await startTestHub({
    clock: behind,
    // Rounds are run by the test (syncOnce).
    sync: {
      idleMs: 600_000,
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        answers.push({ path: new URL(String(input)).pathname, status: res.status });
        return res;
      },
    },
  });
  hubAhead = await startTestHub({
    clock: ahead,
    sync: {
      idleMs: 600_000,
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        answersAhead.push({ path: new URL(String(input)).pathname, status: res.status });
        return res;
      },
    },
  });
}, 120_000);

const answersAhead: { path: string; status: number }[] = [];

afterAll(async () => {
  await hub?.destroy();
  await hubAhead?.destroy();
  await cloud?.destroy();
});

/** A fridge alarm raised at once: an event for the priority lane. */
async function raiseAlarm(h: TestHub = hub): Promise<void> {
  const hub = h;
  const paired = await hub.pair(fridgeInput({ equipment: { optimalMin: 0, optimalMax: 5 } }));
  const rules = await fetch(`${hub.httpUrl}/api/equipment/${paired.equipmentId}/rules`, {
    method: "PUT",
    headers: { "content-type": "application/json", ...(await authHeaders(hub)) },
    body: JSON.stringify({ highDelayMs: 0, lowDelayMs: 0 }),
  });
  expect(rules.status).toBe(200);
  const fridge = await connectFridge(hub, paired);
  await fridge.publishTelemetry({ temperature: 9 });
  await eventually(async () => {
    const rs = await hub.storage.client.execute("select count(*) as n from outbox where lane = 'priority'");
    return Number(rs.rows[0]!.n) > 0 || null;
  });
  await fridge.close();
}

/** Waits until the cloud shows `count` alarms for the site. */
function cloudAlarms(owner: CloudClient, siteId: string, count: number): Promise<unknown> {
  return eventually(async () => {
    const { alarms } = (await owner.get(`/v1/sites/${siteId}/alarms`)) as { alarms: unknown[] };
    return alarms.length === count || null;
  }, 15_000);
}

describe("a hub whose clock is 48 h behind, against the real Worker", () => {
  it("still syncs: learns the cloud's signed time, dates its tokens by it, and then needs no retries", async () => {
    const owner = new CloudClient(cloud.url);
    await owner.signUp(`owner-${crypto.randomUUID()}@example.test`, "correct horse battery");
    const site = await owner.ensureSite("Clockless Shop");
    const started = Date.now();
    await hub.claim({ cloudUrl: cloud.url, code: await owner.claimCode(site.id), name: "Back room" });
    await raiseAlarm();

    // One round: its first calls are refused as outside their time window and retried once with the
    // cloud's time; the trusted keys come down with desired state, and the next signed time verifies.
    // (Claiming and pairing also nudge the background agent: which round sends the events does not matter.)
    await hub.sync.syncOnce();
    const unsent = await hub.storage.client.execute("select count(*) as n from outbox where sent_at is null");
    expect(Number(unsent.rows[0]!.n)).toBe(0);
    expect(await trustedNow(hub.storage.db, behind)).toBeGreaterThanOrEqual(started);
    expect(hub.sync.status.lanes.priority.ackedSeq).toBeGreaterThan(0);
    await cloudAlarms(owner, site.id, 1);
    expect(answers.some((a) => a.status === 401)).toBe(true);
    expect(answers.every((a) => a.status < 400 || a.status === 401)).toBe(true);

    // From now on the hub dates its tokens by trusted time: a round without a single refusal.
    answers.length = 0;
    await raiseAlarm();
    await hub.sync.syncOnce();
    expect(answers.length).toBeGreaterThan(0);
    expect(answers.filter((a) => a.status >= 400)).toEqual([]);
    await cloudAlarms(owner, site.id, 2);
  });
});

describe("a hub whose clock is 48 h ahead, against the real Worker", () => {
  it("has its token dated ahead refused, then dates its tokens by the cloud's time and syncs without refusals", async () => {
    const owner = new CloudClient(cloud.url);
    await owner.signUp(`owner-${crypto.randomUUID()}@example.test`, "correct horse battery");
    const site = await owner.ensureSite("Fast Clock Shop");
    await hubAhead.claim({ cloudUrl: cloud.url, code: await owner.claimCode(site.id), name: "Front room" });
    await raiseAlarm(hubAhead);
    await hubAhead.sync.syncOnce();
    // A token dated two days ahead would stay valid for two days: refused, then sent again by the cloud's time.
    expect(answersAhead.some((a) => a.status === 401)).toBe(true);
    expect(answersAhead.every((a) => a.status < 400 || a.status === 401)).toBe(true);
    await cloudAlarms(owner, site.id, 1);
    // The hub's trusted time is the cloud's, not its clock's.
    expect(await trustedNow(hubAhead.storage.db, ahead)).toBeLessThan(Date.now() + HOUR);

    answersAhead.length = 0;
    await raiseAlarm(hubAhead);
    await hubAhead.sync.syncOnce();
    expect(answersAhead.length).toBeGreaterThan(0);
    expect(answersAhead.filter((a) => a.status >= 400)).toEqual([]);
    await cloudAlarms(owner, site.id, 2);
  });
});
