import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { buildDeps } from "../../edge/deps.ts";
import { api, authed, postBatch, siteWithHub } from "../../edge/testing/fixtures.ts";
import { hubEvent } from "../../edge/testing/live-fixtures.ts";
import { ManualClock } from "../../shared/clock/manual.ts";
import { HUB_SILENT_MS } from "./hub-presence.ts";

async function hubMails(email: string): Promise<string[]> {
  const { results } = await env.NOTIFICATIONS_DB.prepare(
    "SELECT subject FROM email_outbox WHERE recipient = ? AND subject LIKE '%hub%' ORDER BY created_at, id",
  )
    .bind(email)
    .all<{ subject: string }>();
  return results.map((r) => r.subject);
}

async function hubEvents(hubId: string): Promise<string[]> {
  const { results } = await env.SITES_DB.prepare("SELECT event FROM sites_outbox ORDER BY created_at").all<{
    event: string;
  }>();
  return results
    .map((r) => JSON.parse(r.event) as { type: string; source: { hubId?: string } })
    .filter((e) => e.source.hubId === hubId)
    .map((e) => e.type);
}

describe("a silent hub (scheduled check, injected clock, real queue)", () => {
  it("emits one hub.offline, notifies each person once, and one hub.online when it calls again", async () => {
    const { owner, hub } = await siteWithHub();
    const clock = new ManualClock(Date.now());
    const deps = buildDeps(env, { clock });

    clock.advance(HUB_SILENT_MS - 60_000);
    await deps.modules.scheduled();
    expect(await hubEvents(hub.hubId)).toEqual([]);

    clock.advance(2 * 60_000);
    await deps.modules.scheduled();
    await deps.modules.scheduled();
    expect(await hubEvents(hub.hubId)).toEqual(["hub.offline"]);
    // The real queue carries it to notifications: wait for the mail itself.
    await vi.waitFor(
      async () => expect(await hubMails(owner.email)).toEqual(["Corner shop: hub Back room offline"]),
      {
        timeout: 20_000,
        interval: 50,
      },
    );
    const res = await api("/v1/notifications", authed(owner.token));
    const list = ((await res.json()) as { notifications: { kind: string }[] }).notifications;
    expect(list.filter((n) => n.kind === "hub.offline")).toHaveLength(1);

    // Its next call (any authenticated call) brings it back, once.
    const configured = (seq: number) =>
      hubEvent(
        hub,
        seq,
        "equipment.configured",
        {
          equipmentId: "e1",
          equipmentName: "Dairy fridge",
          type: "FRIDGE",
          setTemperature: 3,
          optimalMin: 0,
          optimalMax: 5,
          location: null,
          configuredAt: new Date().toISOString(),
        },
        Date.now(),
      );
    expect((await postBatch(hub, [configured(1)])).status).toBe(200);
    expect((await postBatch(hub, [configured(2)])).status).toBe(200);
    // The test's clock ran ahead of the Worker's, so compare without order.
    expect((await hubEvents(hub.hubId)).sort()).toEqual(["hub.offline", "hub.online"]);
    // Published by the next cron; at the Worker's own time the hub, just heard from, is not silent.
    await buildDeps(env).modules.scheduled();
    await vi.waitFor(
      async () =>
        expect(await hubMails(owner.email)).toEqual([
          "Corner shop: hub Back room offline",
          "Corner shop: hub Back room back online",
        ]),
      { timeout: 20_000, interval: 50 },
    );
  });
});
