import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FRIDGE, FridgeModel } from "../devices/simulators/index.ts";
import {
  authHeaders,
  connectFridge,
  eventually,
  fridgeInput,
  getJson,
  startTestHub,
  type TestHub,
} from "../hub/testing.ts";
import { CloudClient } from "../scripts/cloud-client.ts";
import { type CloudFixture, startCloudFixture } from "./stack.ts";

interface CloudAlarm {
  alarmId: string;
  equipmentId: string;
  status?: string;
}
interface CloudEvent {
  id: string;
  seq: number;
  hubId: string;
}

let cloud: CloudFixture;
let hub: TestHub;
let owner: CloudClient;
let siteId: string;

beforeAll(async () => {
  cloud = await startCloudFixture();
  owner = new CloudClient(cloud.url);
  await owner.signUp(`owner-${crypto.randomUUID()}@example.test`, "correct horse battery");
  siteId = (await owner.ensureSite("E2E Shop")).id;
  hub = await startTestHub({ sync: { idleMs: 100, backoff: { baseMs: 50, maxMs: 400 } } });
  await hub.claim({ cloudUrl: cloud.url, code: await owner.claimCode(siteId), name: "E2E hub" });
}, 120_000);

afterAll(async () => {
  await hub?.destroy();
  await cloud?.destroy();
});

/** These tests are about sync, not alarm delays: alarms are raised on the first reading out of range. */
async function immediateAlarms(equipmentId: string): Promise<void> {
  const res = await fetch(`${hub.httpUrl}/api/equipment/${equipmentId}/rules`, {
    method: "PUT",
    headers: { "content-type": "application/json", ...(await authHeaders(hub)) },
    body: JSON.stringify({ highDelayMs: 0, lowDelayMs: 0 }),
  });
  expect(res.status).toBe(200);
}

async function hubEventIds(): Promise<string[]> {
  const rs = await hub.storage.client.execute("select event_id from outbox order by seq");
  return rs.rows.map((r) => String(r.event_id));
}

async function outboxDepth(): Promise<number> {
  const rs = await hub.storage.client.execute("select count(*) as n from outbox where sent_at is null");
  return Number(rs.rows[0]!.n);
}

describe("hub → cloud, end to end with the real Worker", () => {
  it("turns a fridge fault into a hub alarm and then into a cloud alarm", async () => {
    const paired = await hub.pair(fridgeInput({ equipment: { optimalMin: 0, optimalMax: 5 } }));
    await immediateAlarms(paired.equipmentId!);
    const fridge = await connectFridge(hub, paired);
    const model = new FridgeModel(FRIDGE, () => 0.99);
    model.failed = true;
    while (model.temperature <= 6) {
      model.step(600);
      await fridge.publishTelemetry(model.reading(Date.now()));
    }
    const hubAlarms = (await getJson<{ alarms: unknown[] }>(`${hub.httpUrl}/api/alarms?status=open`, hub))
      .body;
    expect(hubAlarms.alarms).toHaveLength(1);

    const alarms = await eventually(async () => {
      const body = (await owner.get(`/v1/sites/${siteId}/alarms`)) as { alarms: CloudAlarm[] };
      return body.alarms.length > 0 ? body.alarms : null;
    }, 15_000);
    expect(alarms).toEqual([expect.objectContaining({ equipmentId: paired.equipmentId })]);
    await fridge.close();
  });

  it("keeps working through a cloud outage, then delivers every event exactly once in seq order", async () => {
    const paired = await hub.pair(fridgeInput({ equipment: { optimalMin: 0, optimalMax: 5 } }));
    await immediateAlarms(paired.equipmentId!);
    const fridge = await connectFridge(hub, paired);
    await cloud.stop();

    for (let i = 0; i < 5; i++) {
      await fridge.publishTelemetry({ temperature: 8 + i });
      await fridge.publishTelemetry({ temperature: 3 });
    }
    const local = (await getJson<{ alarms: { equipmentId: string }[] }>(`${hub.httpUrl}/api/alarms`, hub))
      .body;
    expect(
      local.alarms.filter((a: { equipmentId: string }) => a.equipmentId === paired.equipmentId),
    ).toHaveLength(5);
    await eventually(() => hub.sync.status.consecutiveFailures > 0, 10_000);
    expect(await outboxDepth()).toBeGreaterThanOrEqual(10);

    await cloud.start();
    await eventually(async () => (await outboxDepth()) === 0, 30_000);

    const { events } = (await owner.get(`/v1/sites/${siteId}/events`)) as { events: CloudEvent[] };
    expect(events.map((e) => e.id)).toEqual(await hubEventIds());
    const seqs = events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);

    const cloudAlarms = (await owner.get(`/v1/sites/${siteId}/alarms?status=all`)) as {
      alarms: CloudAlarm[];
    };
    expect(cloudAlarms.alarms.filter((a) => a.equipmentId === paired.equipmentId)).toHaveLength(5);
    await fridge.close();
  }, 120_000);
});
