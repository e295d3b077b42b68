import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FRIDGE, FridgeModel } from "../devices/simulators/index.ts";
import { connectFridge, fridgeInput, sendJson, startTestHub, type TestHub } from "../hub/testing.ts";
import { CloudClient } from "../scripts/cloud-client.ts";
import type { AlarmView, EquipmentView, LiveMessage } from "../shared/live/index.ts";
import { type CloudFixture, startCloudFixture } from "./stack.ts";

let cloud: CloudFixture;
let hub: TestHub;
let owner: CloudClient;
let accessToken: string;
let siteId: string;

beforeAll(async () => {
  cloud = await startCloudFixture();
  owner = new CloudClient(cloud.url);
  accessToken = (await owner.signUp(`live-${crypto.randomUUID()}@example.test`, "correct horse battery"))
    .accessToken;
  siteId = (await owner.ensureSite("Live Shop")).id;
  hub = await startTestHub({ sync: { idleMs: 100, backoff: { baseMs: 50, maxMs: 400 } } });
  await hub.claim({ cloudUrl: cloud.url, code: await owner.claimCode(siteId), name: "Live hub" });
}, 120_000);

afterAll(async () => {
  await hub?.destroy();
  await cloud?.destroy();
});

/** A browser-style live socket (Node 22's global WebSocket) that keeps every message it receives. */
function openLive(): Promise<{
  ws: WebSocket;
  next: (match: (m: LiveMessage) => boolean, ms: number) => Promise<LiveMessage>;
}> {
  const url = new URL(`/v1/sites/${siteId}/live`, cloud.url);
  url.protocol = "ws:";
  const ws = new WebSocket(url, ["outpost.live.v1", `bearer.${accessToken}`]);
  const received: LiveMessage[] = [];
  const waiters = new Set<() => void>();
  ws.addEventListener("message", (e) => {
    received.push(JSON.parse(String(e.data)) as LiveMessage);
    for (const w of waiters) w();
  });
  const next = (match: (m: LiveMessage) => boolean, ms: number) =>
    new Promise<LiveMessage>((resolve, reject) => {
      const check = () => {
        const found = received.find(match);
        if (!found) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error("no matching live message in time"));
      }, ms);
      waiters.add(check);
      check();
    });
  return new Promise((resolve, reject) => {
    ws.addEventListener("open", () => resolve({ ws, next }), { once: true });
    ws.addEventListener("error", () => reject(new Error("live socket refused")), { once: true });
  });
}

describe("live site view, end to end with the real Worker", () => {
  it("pushes a hub's alarm to a member's WebSocket", async () => {
    const paired = await hub.pair(fridgeInput({ equipment: { optimalMin: 0, optimalMax: 5 } }));
    const rules = await sendJson(
      "PUT",
      `${hub.httpUrl}/api/equipment/${paired.equipmentId}/rules`,
      { highDelayMs: 0, lowDelayMs: 0 },
      hub,
    );
    expect(rules.status).toBe(200);

    const live = await openLive();
    expect(live.ws.protocol).toBe("outpost.live.v1");
    const snapshot = await live.next((m) => m.type === "snapshot", 10_000);
    expect(snapshot).toMatchObject({ type: "snapshot", alarms: [] });

    const fridge = await connectFridge(hub, paired);
    const model = new FridgeModel(FRIDGE, () => 0.99);
    model.failed = true;
    while (model.temperature <= 6) {
      model.step(600);
      await fridge.publishTelemetry(model.reading(Date.now()));
    }
    const pushed = await live.next(
      (m) => m.type === "alarm" && m.data.equipmentId === paired.equipmentId,
      20_000,
    );
    expect((pushed as { data: AlarmView }).data).toMatchObject({
      status: "RAISED",
      kind: "HIGH_TEMPERATURE",
      escalated: false,
    });
    live.ws.close();
    await fridge.close();
  }, 60_000);

  it("moves a unit's tile to the hub's latest reading within seconds, before its minute rollup", async () => {
    const paired = await hub.pair(fridgeInput({ equipment: { optimalMin: 0, optimalMax: 5 } }));
    const live = await openLive();
    await live.next((m) => m.type === "snapshot", 10_000);
    const fridge = await connectFridge(hub, paired);
    await fridge.publishTelemetry({ temperature: 4.4 });
    // The minute rollup waits out its minute and the grace minute: a tile at 4.4 with no rollup yet came
    // from the throttled latest reading on the priority lane.
    const tile = await live.next(
      (m) =>
        m.type === "equipment" && m.data.equipmentId === paired.equipmentId && m.data.lastTemperature === 4.4,
      30_000,
    );
    expect((tile as { data: EquipmentView }).data).toMatchObject({
      lastReadingAt: null,
      lastTemperature: 4.4,
    });
    live.ws.close();
    await fridge.close();
  }, 60_000);
});
