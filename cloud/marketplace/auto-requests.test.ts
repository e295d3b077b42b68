/** Requests nobody typed (workerd): one per escalated alarm however often it comes, one per failing compressor. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { buildEvent } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { deliver, type ServiceSite, serviceSite, somewhere, sqlCount } from "./testing.ts";

const requests = (siteId: string) =>
  env.MARKETPLACE_DB.prepare(
    "SELECT origin, title, description, priority FROM service_requests WHERE site_id = ?",
  )
    .bind(siteId)
    .all<{ origin: string; title: string; description: string; priority: string }>()
    .then((r) => r.results);

function escalated(site: ServiceSite, alarmId: string) {
  return buildEvent({
    type: "equipment.alarm.escalated",
    source: { siteId: site.siteId, hubId: site.hub.hubId, module: "monitoring" },
    occurredAt: Date.now(),
    data: {
      alarmId,
      equipmentId: site.equipmentId,
      equipmentName: "Dairy fridge",
      kind: "HIGH_TEMPERATURE",
      raisedAt: "2026-06-01T12:00:00.000Z",
      escalatedAt: "2026-06-01T12:30:00.000Z",
    },
  });
}

describe("requests from alarms", () => {
  it("opens one request for an alarm delivered three times (and reported again by a second event)", async () => {
    const site = await serviceSite(somewhere(), true);
    const alarmId = uuidv7();
    const event = escalated(site, alarmId);
    for (let i = 0; i < 3; i++) await deliver(event);
    await deliver(escalated(site, alarmId));
    expect(await requests(site.siteId)).toEqual([
      expect.objectContaining({
        origin: "ALARM",
        priority: "URGENT",
        title: "Dairy fridge: high temperature alarm not cleared",
      }),
    ]);
    await deliver(escalated(site, uuidv7()));
    expect(
      await sqlCount(
        env.MARKETPLACE_DB,
        "SELECT count(*) AS n FROM service_requests WHERE site_id = ?",
        site.siteId,
      ),
    ).toBe(2);
  });

  it("opens none for a site that did not opt in", async () => {
    const site = await serviceSite(somewhere(), false);
    await deliver(escalated(site, uuidv7()));
    expect(await requests(site.siteId)).toEqual([]);
  });
});

describe("requests from the hub's compressor evidence", () => {
  it("opens one request citing the figures, however often the evidence is reported", async () => {
    const site = await serviceSite(somewhere(), true);
    const days = Array.from({ length: 10 }, (_, i) => ({
      day: `2026-05-${String(20 + i).padStart(2, "0")}`,
      dutyCycle: 0.4 + i * 0.03,
      recoveryMinutes: 6 + i,
    }));
    const evidence = () =>
      buildEvent({
        type: "equipment.compressor.degrading",
        source: { siteId: site.siteId, hubId: site.hub.hubId, module: "service" },
        occurredAt: Date.now(),
        data: {
          equipmentId: site.equipmentId,
          equipmentName: "Dairy fridge",
          days,
          dutyCycleSlope: 0.03,
          detectedAt: "2026-05-29T23:00:00.000Z",
        },
      });
    await deliver(evidence());
    await deliver(evidence());
    const [request, ...rest] = await requests(site.siteId);
    expect(rest).toEqual([]);
    expect(request).toMatchObject({
      origin: "COMPRESSOR",
      title: "Dairy fridge: compressor running longer every day",
    });
    expect(request!.description).toContain(
      "duty cycle 40 % on 2026-05-20 → 67 % on 2026-05-29 (+3.0 points a day)",
    );
    expect(request!.description).toContain("6.0 min → 15.0 min");
  });
});
