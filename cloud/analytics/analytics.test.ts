import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { buildDeps } from "../../edge/deps.ts";
import { api, authed, jsonInit, signUpUser, type TestUser } from "../../edge/testing/fixtures.ts";
import { ManualClock } from "../../shared/clock/manual.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import { sampleEvent } from "../../shared/events/testing.ts";
import type { SiteAnalytics } from "./read.ts";

// Stockholm in June is UTC+2: the local day 1 June runs from 31 May 22:00 UTC for 1,440 minutes.
const DAY1 = Date.UTC(2026, 4, 31, 22, 0);
const clock = new ManualClock(Date.UTC(2026, 5, 3, 10, 0));
const deps = buildDeps(env, { clock });
const consumers = deps.modules.consumers().filter((c) => c.module === "analytics");

let owner: TestUser;
let siteId: string;
const iso = (ms: number) => new Date(ms).toISOString();
const MIN = 60_000;

/** `count` minutes from `from`, each with the given min/max. */
function minutes(from: number, count: number, min: number, max: number) {
  return Array.from({ length: count }, (_, i) => ({
    at: iso(from + i * MIN),
    min,
    max,
    mean: (min + max) / 2,
    count: 6,
  }));
}

function batch(): EventEnvelope[] {
  const payment = {
    payableKind: "DEMO",
    payableId: "o1",
    accountId: "acc",
    stripePaymentIntentId: "pi",
    currency: "eur",
  };
  const alarm = (alarmId: string) => ({ alarmId, equipmentId: "e1" });
  return [
    sampleEvent(
      "equipment.configured",
      siteId,
      {
        equipmentId: "e1",
        equipmentName: "Dairy fridge",
        type: "FRIDGE",
        setTemperature: 3,
        optimalMin: 0,
        optimalMax: 5,
        location: null,
        configuredAt: iso(DAY1 - MIN),
      },
      DAY1 - MIN,
    ),
    // 00:00–10:00 local: 540 minutes in range, then 60 minutes at 7 °C.
    sampleEvent(
      "equipment.readings.rolled-up",
      siteId,
      {
        equipmentId: "e1",
        equipmentName: "Dairy fridge",
        minutes: [...minutes(DAY1, 540, 2, 4), ...minutes(DAY1 + 540 * MIN, 60, 3, 7)],
      },
      DAY1,
    ),
    // The sensor is silent 10:00–14:00 (240 minutes), then 600 minutes in range.
    sampleEvent(
      "equipment.readings.rolled-up",
      siteId,
      { equipmentId: "e1", equipmentName: "Dairy fridge", minutes: minutes(DAY1 + 840 * MIN, 600, 1, 4) },
      DAY1,
    ),
    // Two alarms: acknowledged after 12 and 4 minutes; the first cleared after 30. One acknowledgement arrives first.
    sampleEvent(
      "equipment.alarm.acknowledged",
      siteId,
      { ...alarm("a1"), acknowledgedBy: "Ana (u1)", note: null, acknowledgedAt: iso(DAY1 + 612 * MIN) },
      DAY1,
    ),
    sampleEvent(
      "equipment.alarm.raised",
      siteId,
      {
        ...alarm("a1"),
        equipmentName: "Dairy fridge",
        kind: "HIGH_TEMPERATURE",
        temperature: 7,
        limit: 5,
        raisedAt: iso(DAY1 + 600 * MIN),
      },
      DAY1,
    ),
    sampleEvent(
      "equipment.alarm.cleared",
      siteId,
      { ...alarm("a1"), kind: "HIGH_TEMPERATURE", temperature: 4, peak: 7, clearedAt: iso(DAY1 + 630 * MIN) },
      DAY1,
    ),
    sampleEvent(
      "equipment.alarm.raised",
      siteId,
      {
        ...alarm("a2"),
        equipmentName: "Dairy fridge",
        kind: "DOOR_OPEN",
        temperature: null,
        limit: null,
        raisedAt: iso(DAY1 + 840 * MIN),
      },
      DAY1,
    ),
    sampleEvent(
      "equipment.alarm.acknowledged",
      siteId,
      { ...alarm("a2"), acknowledgedBy: "Ana (u1)", note: null, acknowledgedAt: iso(DAY1 + 844 * MIN) },
      DAY1,
    ),
    // 23:30 local on 1 June, 00:30 local on 2 June, and a refund on 2 June.
    sampleEvent(
      "payment.succeeded",
      siteId,
      { ...payment, paymentId: "p1", amount: 2900, succeededAt: iso(DAY1 + 1410 * MIN) },
      DAY1,
      "billing",
    ),
    sampleEvent(
      "payment.succeeded",
      siteId,
      { ...payment, paymentId: "p2", amount: 1500, succeededAt: iso(DAY1 + 1470 * MIN) },
      DAY1,
      "billing",
    ),
    sampleEvent(
      "payment.refunded",
      siteId,
      {
        ...payment,
        paymentId: "p2",
        amount: 1500,
        refundId: "r1",
        refundAmount: 900,
        refundedTotal: 900,
        fullyRefunded: false,
        reason: "requested_by_customer",
        refundedAt: iso(DAY1 + 1500 * MIN),
      },
      DAY1,
      "billing",
    ),
    // The hub is silent from 23:00 local on 1 June to 01:30 on 2 June: 60 minutes on each side of midnight, and 90.
    sampleEvent(
      "hub.offline",
      siteId,
      {
        hubId: "h1",
        hubName: "Back room",
        lastSeenAt: iso(DAY1 + 1380 * MIN),
        detectedAt: iso(DAY1 + 1390 * MIN),
      },
      DAY1,
      "sites",
    ),
    sampleEvent(
      "hub.online",
      siteId,
      {
        hubId: "h1",
        hubName: "Back room",
        offlineSince: iso(DAY1 + 1380 * MIN),
        onlineAt: iso(DAY1 + 1530 * MIN),
      },
      DAY1,
      "sites",
    ),
  ];
}

async function deliver(events: EventEnvelope[]) {
  const { matchesPattern } = await import("../../edge/queue/routes.ts");
  for (const event of events)
    for (const c of consumers)
      if (c.patterns.some((p) => matchesPattern(p, event.type))) await c.handle(event);
}

async function report(): Promise<SiteAnalytics> {
  const res = await api(`/v1/analytics/sites/${siteId}?from=2026-06-01&to=2026-06-02`, authed(owner.token));
  expect(res.status).toBe(200);
  return (await res.json()) as SiteAnalytics;
}

beforeAll(async () => {
  owner = await signUpUser();
  const res = await api(
    "/v1/sites",
    jsonInit("POST", { name: "Demo Shop", timeZone: "Europe/Stockholm" }, owner.token),
  );
  siteId = ((await res.json()) as { id: string }).id;
});

describe("analytics (workerd, hand-computed fixtures)", () => {
  it("computes compliance with a sensor gap as unknown, MTTA, MTTC, uptime and revenue; the same batch twice changes nothing", async () => {
    const events = batch();
    await deliver(events);
    const first = await report();
    await deliver(events);
    await deliver([...events].reverse());
    const again = await report();
    expect(again).toEqual(first);

    expect(first.compliance).toEqual([
      // 1,140 of 1,440 minutes in range = 79.2 %; the 240-minute gap is unknown, never in range.
      {
        day: "2026-06-01",
        equipmentId: "e1",
        name: "Dairy fridge",
        minutesInRange: 1140,
        minutesOutOfRange: 60,
        minutesUnknown: 240,
        percentInRange: 79.2,
      },
      // No data at all: absent, not 0 % and not 100 %.
      {
        day: "2026-06-02",
        equipmentId: "e1",
        name: "Dairy fridge",
        minutesInRange: 0,
        minutesOutOfRange: 0,
        minutesUnknown: 1440,
        percentInRange: null,
      },
    ]);
    expect(first.days).toEqual([
      {
        day: "2026-06-01",
        alarms: 2,
        mttaMinutes: 8,
        mttcMinutes: 30,
        hubOfflineMinutes: 60,
        deviceOfflineMinutes: 0,
        revenue: { eur: 2900 },
      },
      {
        day: "2026-06-02",
        alarms: 0,
        mttaMinutes: null,
        mttcMinutes: null,
        hubOfflineMinutes: 90,
        deviceOfflineMinutes: 0,
        revenue: { eur: 600 },
      },
    ]);
    expect(first.revenueBySource).toEqual([{ currency: "eur", source: "DEMO", amount: 3500 }]);
  });

  it("exports the inspector's compliance table as CSV, and refuses a bad range or a stranger", async () => {
    const res = await api(
      `/v1/analytics/sites/${siteId}/export.csv?from=2026-06-01&to=2026-06-02&table=compliance`,
      authed(owner.token),
    );
    expect(res.headers.get("content-type")).toContain("text/csv");
    const lines = (await res.text()).trim().split("\r\n");
    expect(lines[0]).toBe(
      '"date","unit","% of day in range","minutes in range","minutes out of range","minutes without data"',
    );
    expect(lines[1]).toBe('"2026-06-01","Dairy fridge","79.2","1140","60","240"');
    const bad = await api(`/v1/analytics/sites/${siteId}?from=2026-06-02&to=2026-06-01`, authed(owner.token));
    expect(bad.status).toBe(400);
    const stranger = await signUpUser();
    const forbidden = await api(
      `/v1/analytics/sites/${siteId}?from=2026-06-01&to=2026-06-02`,
      authed(stranger.token),
    );
    expect(forbidden.status).toBe(403);
  });
});
