import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { putSetting } from "../hub/identity.ts";
import { eventStatement, outboxDepth } from "../hub/outbox/index.ts";
import { eventually, getJson, startTestHub, type TestHub } from "../hub/testing.ts";
import { CloudClient } from "../scripts/cloud-client.ts";
import { buildEvent, type EventEnvelope } from "../shared/events/index.ts";
import { uuidv7 } from "../shared/ids/index.ts";
import { type CloudFixture, startCloudFixture } from "./stack.ts";

interface CloudEvent {
  id: string;
  seq: number;
  hubId: string;
  type: string;
}

let cloud: CloudFixture;
const hubs: TestHub[] = [];

beforeAll(async () => {
  cloud = await startCloudFixture();
}, 120_000);

afterAll(async () => {
  for (const hub of hubs) await hub.destroy();
  await cloud?.destroy();
});

const FAST = { idleMs: 100, backoff: { baseMs: 50, maxMs: 300 } };

interface ClaimedHub {
  hub: TestHub;
  siteId: string;
  owner: CloudClient;
}

/** A fresh owner per hub: the free plan allows an account two sites, and each test needs its own. */
async function claimedHub(fetchImpl?: typeof fetch): Promise<ClaimedHub> {
  const owner = new CloudClient(cloud.url);
  await owner.signUp(`owner-${crypto.randomUUID()}@example.test`, "correct horse battery");
  const site = await owner.ensureSite(`Shop ${uuidv7()}`);
  const hub = await startTestHub({ sync: { ...FAST, ...(fetchImpl ? { fetch: fetchImpl } : {}) } });
  hubs.push(hub);
  await hub.claim({ cloudUrl: cloud.url, code: await owner.claimCode(site.id), name: "Lanes hub" });
  return { hub, siteId: site.id, owner };
}

function alarm(hub: TestHub): EventEnvelope {
  const at = Date.now();
  return buildEvent({
    type: "equipment.alarm.raised",
    source: { siteId: "local", hubId: hub.hubId, module: "monitoring" },
    occurredAt: at,
    data: {
      alarmId: `alarm-${uuidv7()}`,
      equipmentId: "fridge-1",
      equipmentName: "Dairy fridge",
      kind: "HIGH_TEMPERATURE",
      temperature: 9.5,
      limit: 8,
      raisedAt: new Date(at).toISOString(),
    },
  });
}

function rollup(hub: TestHub, minute: number): EventEnvelope {
  const at = Date.UTC(2026, 0, 1) + minute * 60_000;
  return buildEvent({
    type: "equipment.readings.rolled-up",
    source: { siteId: "local", hubId: hub.hubId, module: "monitoring" },
    occurredAt: at,
    data: {
      equipmentId: "fridge-1",
      equipmentName: "Dairy fridge",
      minutes: Array.from({ length: 10 }, (_, i) => ({
        at: new Date(at + i * 60_000).toISOString(),
        min: 3,
        max: 4,
        mean: 3.5,
        count: 60,
      })),
    },
  });
}

async function append(hub: TestHub, events: EventEnvelope[]): Promise<void> {
  const db = hub.storage.db;
  for (let i = 0; i < events.length; i += 200) {
    const chunk = events.slice(i, i + 200).map((e) => eventStatement(db, e, Date.now()));
    await db.batch(chunk as [(typeof chunk)[number], ...typeof chunk]);
  }
  hub.sync.nudge();
}

/** Every event the cloud holds for the site (or one hub), page after page. */
async function cloudEvents(owner: CloudClient, siteId: string, hubId?: string): Promise<CloudEvent[]> {
  const all: CloudEvent[] = [];
  for (let after: string | null = ""; after !== null; ) {
    const q = new URLSearchParams({
      limit: "1000",
      ...(hubId ? { hubId } : {}),
      ...(after ? { after } : {}),
    });
    const page = (await owner.get(`/v1/sites/${siteId}/events?${q}`)) as {
      events: CloudEvent[];
      next: string | null;
    };
    all.push(...page.events);
    after = page.next;
  }
  return all;
}

describe("sync lanes and cursors, end to end with the real Worker", () => {
  it("re-claims after revocation and resumes with every event delivered once", async () => {
    const { hub, siteId, owner } = await claimedHub();
    const before = [alarm(hub), alarm(hub), alarm(hub)];
    await append(hub, before);
    await eventually(async () => (await outboxDepth(hub.storage.db)) === 0, 20_000);
    const firstHubId = (await owner.get(`/v1/sites/${siteId}/hubs`)) as { hubs: { id: string }[] };
    const oldHubId = firstHubId.hubs[0]!.id;

    const revoked = await owner.raw("POST", `/v1/sites/${siteId}/hubs/${oldHubId}/revoke`, {});
    expect(revoked.status).toBe(204);
    const after = [alarm(hub), alarm(hub), alarm(hub), alarm(hub)];
    await append(hub, after);
    await eventually(() => hub.sync.status.lastError?.includes("403") ?? false, 20_000);
    expect(hub.sync.status.healthy).toBe(false);

    // The hub still holds its (revoked) binding, so binding it again is an explicit replace.
    const binding = await hub.claim({
      cloudUrl: cloud.url,
      code: await owner.claimCode(siteId),
      name: "Again",
      replace: true,
    });
    expect(binding.hubId).not.toBe(oldHubId);
    await eventually(async () => (await outboxDepth(hub.storage.db)) === 0, 20_000);
    await eventually(() => hub.sync.status.healthy, 20_000);

    const resumed = await cloudEvents(owner, siteId, binding.hubId);
    expect(resumed.map((e) => e.id)).toEqual(after.map((e) => e.id));
    expect(resumed.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    const all = await cloudEvents(owner, siteId);
    expect(all.map((e) => e.id).sort()).toEqual([...before, ...after].map((e) => e.id).sort());
    expect(hub.sync.status.lastError).toBeNull();
  }, 90_000);

  it("shows a round that makes no progress as an error in GET /api/cloud and /metrics, then recovers", async () => {
    const { hub, siteId, owner } = await claimedHub();
    await eventually(() => hub.sync.status.healthy, 20_000);
    const hubId = ((await owner.get(`/v1/sites/${siteId}/hubs`)) as { hubs: { id: string }[] }).hubs[0]!.id;
    // A hub whose lane numbering runs ahead of the cloud's cursor (how re-claim used to fail): the cloud
    // answers ackedSeq 0 to a batch beginning at 3, round after round.
    await putSetting(hub.storage.db, `sync.lanes.${hubId}`, { priority: -2, bulk: 0 });
    await append(hub, [alarm(hub)]);
    await eventually(() => hub.sync.status.consecutiveFailures >= 2, 20_000);
    const { status: code, body: status } = await getJson<{ healthy: boolean; lastError: string | null }>(
      `${hub.httpUrl}/api/cloud`,
      hub,
    );
    expect(code).toBe(200);
    expect(status.healthy).toBe(false);
    expect(status.lastError).toMatch(/no progress/);
    const metrics = await (await fetch(`${hub.httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/^outpost_sync_healthy 0$/m);
    expect(metrics).toMatch(/^outpost_sync_consecutive_failures [1-9]\d*$/m);
    expect(await outboxDepth(hub.storage.db)).toBe(1);

    await putSetting(hub.storage.db, `sync.lanes.${hubId}`, { priority: 0, bulk: 0 });
    await eventually(
      async () => (await outboxDepth(hub.storage.db)) === 0 && hub.sync.status.healthy,
      20_000,
    );
    const metricsAfter = await (await fetch(`${hub.httpUrl}/metrics`)).text();
    expect(metricsAfter).toMatch(/^outpost_sync_healthy 1$/m);
  }, 90_000);

  it("sends an alarm raised during a bulk catch-up before the backlog drains", async () => {
    const sent: { lane: string; alarm: boolean }[] = [];
    let hubRef: TestHub | undefined;
    let raised: EventEnvelope | undefined;
    // The real fetch, recording what went up; after the first bulk batch is acknowledged, an alarm is raised.
    const recording: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      if (String(input).endsWith("/events") && init?.body instanceof Uint8Array) {
        const { readSyncBody } = await import("../shared/sync/index.ts");
        const batch = readSyncBody(init.body) as { lane: string; events: { id: string }[] };
        sent.push({ lane: batch.lane, alarm: batch.events.some((e) => e.id === raised?.id) });
        if (batch.lane === "bulk" && !raised && hubRef) {
          raised = alarm(hubRef);
          await append(hubRef, [raised]);
        }
      }
      return res;
    };
    const { hub, siteId, owner } = await claimedHub(recording);
    hubRef = hub;
    await hub.sync.stop();
    await append(
      hub,
      Array.from({ length: 3000 }, (_, i) => rollup(hub, i * 10)),
    );
    hub.sync.start();
    await eventually(async () => (await outboxDepth(hub.storage.db)) === 0, 90_000);

    const bulkBatches = sent.filter((s) => s.lane === "bulk").length;
    expect(bulkBatches).toBeGreaterThan(2);
    const alarmAt = sent.findIndex((s) => s.alarm);
    const lastBulk = sent.map((s) => s.lane).lastIndexOf("bulk");
    expect(sent[alarmAt]?.lane).toBe("priority");
    expect(alarmAt).toBeLessThan(lastBulk);

    const events = await cloudEvents(owner, siteId);
    expect(events.filter((e) => e.type === "equipment.alarm.raised").map((e) => e.id)).toEqual([raised!.id]);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  }, 120_000);
});
