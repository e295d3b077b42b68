/**
 * Alarm latency to the cloud's live view: from the hub committing an alarm (the out-of-range reading's PUBACK)
 * to a member's WebSocket receiving it from the real Worker (wrangler/workerd), with the hub's own sync
 * settings. Prints numbers and a ratio against the one-second target, never pass or fail.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectFridge, fridgeInput, sendJson, startTestHub } from "../hub/testing.ts";
import { applyLocalMigrations, startLocalCloud } from "../scripts/cloud.ts";
import { CloudClient } from "../scripts/cloud-client.ts";
import type { LiveMessage } from "../shared/live/index.ts";

const SAMPLES = 10;

export interface LiveBenchResult {
  latenciesMs: number[];
}

export async function runLiveBench(): Promise<LiveBenchResult> {
  const persistDir = mkdtempSync(join(tmpdir(), "outpost-live-bench-"));
  await applyLocalMigrations(persistDir);
  const cloud = await startLocalCloud({ persistDir });
  const hub = await startTestHub();
  try {
    const owner = new CloudClient(cloud.url);
    const { accessToken } = await owner.signUp(`bench-${Date.now()}@example.test`, "bench password 1");
    const siteId = (await owner.ensureSite("Bench shop")).id;
    await hub.claim({ cloudUrl: cloud.url, code: await owner.claimCode(siteId), name: "Bench hub" });
    const paired = await hub.pair(fridgeInput({ equipment: { optimalMin: 0, optimalMax: 5 } }));
    // As the hub's admin (the shell's admin token); a refused change would make the latency meaningless.
    const rules = await sendJson(
      "PUT",
      `${hub.httpUrl}/api/equipment/${paired.equipmentId}/rules`,
      { highDelayMs: 0, lowDelayMs: 0 },
      hub,
    );
    if (rules.status !== 200)
      throw new Error(`alarm rules refused: ${rules.status} ${JSON.stringify(rules.body)}`);

    const url = new URL(`/v1/sites/${siteId}/live`, cloud.url);
    url.protocol = "ws:";
    const ws = new WebSocket(url, ["outpost.live.v1", `bearer.${accessToken}`]);
    let waiter: ((m: LiveMessage) => void) | undefined;
    ws.addEventListener("message", (e) => waiter?.(JSON.parse(String(e.data)) as LiveMessage));
    await new Promise((resolve, reject) => {
      ws.addEventListener("open", resolve, { once: true });
      ws.addEventListener("error", reject, { once: true });
    });
    const status = (s: string) =>
      new Promise<void>((resolve) => {
        waiter = (m) => {
          if (m.type === "alarm" && m.data.equipmentId === paired.equipmentId && m.data.status === s)
            resolve();
        };
      });

    const fridge = await connectFridge(hub, paired);
    const latenciesMs: number[] = [];
    for (let i = 0; i < SAMPLES + 1; i++) {
      const raised = status("RAISED");
      await fridge.publishTelemetry({ temperature: 9 });
      const committed = performance.now();
      await raised;
      if (i > 0) latenciesMs.push(performance.now() - committed); // the first one warms the isolate up
      const cleared = status("CLEARED");
      await fridge.publishTelemetry({ temperature: 3 });
      await cleared;
    }
    ws.close();
    await fridge.close();
    return { latenciesMs };
  } finally {
    await hub.destroy();
    await cloud.stop();
    rmSync(persistDir, { recursive: true, force: true });
  }
}
