/** Rows later modules add through their manifests (dispensing, heating, bookings): hand-computed, applied once. */
import { env } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { buildDeps } from "../../edge/deps.ts";
import { matchesPattern } from "../../edge/queue/routes.ts";
import { api, authed, jsonInit, signUpUser, type TestUser } from "../../edge/testing/fixtures.ts";
import { ManualClock } from "../../shared/clock/manual.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import { sampleEvent } from "../../shared/events/testing.ts";
import { ok } from "../bookings/test-fixtures.ts";
import { bid, call, openRequest, provider, serviceSite, somewhere } from "../marketplace/testing.ts";
import { analyticsModule } from "./module.ts";
import type { SiteAnalytics } from "./read.ts";
import * as schema from "./schema.ts";

// Stockholm in June is UTC+2: the local day 1 June runs from 31 May 22:00 UTC.
const DAY1 = Date.UTC(2026, 4, 31, 22, 0);
const MIN = 60_000;
const clock = new ManualClock(Date.UTC(2026, 5, 3, 10, 0));
const deps = buildDeps(env, { clock });
// Dispensing's own projection (order.created → its orders table) runs before analytics, as on the queue.
const consumers = deps.modules
  .consumers()
  .filter((c) => c.module === "analytics" || c.name === "dispensing.hubs");
const iso = (minutes: number) => new Date(DAY1 + minutes * MIN).toISOString();

let owner: TestUser;
let siteId: string;
let organiserId: string;

async function deliver(events: EventEnvelope[]) {
  for (const event of events)
    for (const c of consumers)
      if (c.patterns.some((p) => matchesPattern(p, event.type))) await c.handle(event);
}

const COFFEE = { productId: "p-coffee", name: "Coffee" };
const BUN = { productId: "p-bun", name: "Cinnamon bun" };

type Item = { productId: string; name: string; quantity: number; unitMinor: number };

/** A hub's order: created, paid at `paidAt`, completed two minutes later (minutes from local 1 June 00:00). */
function order(orderId: string, items: Item[], paidAt: number): EventEnvelope[] {
  const totalMinor = items.reduce((n, i) => n + i.quantity * i.unitMinor, 0);
  const at = DAY1 + paidAt * MIN;
  const sale = { totalMinor, currency: "SEK" };
  return [
    sampleEvent(
      "order.created",
      siteId,
      { orderId, channel: "POS", items, ...sale, createdBy: "Ana", createdAt: iso(paidAt - 1) },
      at,
      "dispensing",
    ),
    sampleEvent(
      "order.paid",
      siteId,
      { orderId, payment: "CARD", ...sale, paidAt: iso(paidAt) },
      at,
      "dispensing",
    ),
    sampleEvent("order.completed", siteId, { orderId, by: "Ana", at: iso(paidAt + 2) }, at, "dispensing"),
  ];
}

function sales(): EventEnvelope[] {
  return [
    // A: 2 coffees at 25.00 and a bun at 30.00 = 80.00, paid 1 June 10:01; refunded 2 June 09:00.
    ...order(
      "o-a",
      [
        { ...COFFEE, quantity: 2, unitMinor: 2500 },
        { ...BUN, quantity: 1, unitMinor: 3000 },
      ],
      601,
    ),
    // C: 3 buns = 90.00, paid 1 June 20:00.
    ...order("o-c", [{ ...BUN, quantity: 3, unitMinor: 3000 }], 1200),
    // B: a coffee, paid 2 June 01:00 local (still 1 June in UTC): the site's day is 2 June.
    ...order("o-b", [{ ...COFFEE, quantity: 1, unitMinor: 2500 }], 1500),
    sampleEvent(
      "order.refunded",
      siteId,
      { orderId: "o-a", by: "Ana", at: iso(1440 + 540) },
      DAY1,
      "dispensing",
    ),
  ];
}

function heating(): EventEnvelope[] {
  const rolled = (roomId: string, roomName: string, day: string, kwh: number, heatingMinutes: number) =>
    sampleEvent(
      "heating.energy.rolled-up",
      siteId,
      { roomId, roomName, day, kwh, heatingMinutes },
      DAY1,
      "heating",
    );
  return [
    rolled("r-hall", "Hall", "2026-06-01", 3.25, 95),
    rolled("r-office", "Office", "2026-06-01", 0.001, 0),
    rolled("r-hall", "Hall", "2026-06-02", 4.1, 120),
    // 1.005 × 1000 is 1004.999… in floating point: whole watt-hours are what the hub measured.
    rolled("r-office", "Office", "2026-06-02", 1.005, 30),
    // 00:30 local on 2 June (22:30 UTC on 1 June).
    sampleEvent(
      "heating.safety.tripped",
      siteId,
      {
        roomId: "r-hall",
        roomName: "Hall",
        cause: "max-temp",
        temperature: 31,
        action: "heater off",
        until: null,
        trippedAt: iso(1470),
      },
      DAY1,
      "heating",
    ),
  ];
}

beforeAll(async () => {
  owner = await signUpUser();
  const res = await api(
    "/v1/sites",
    jsonInit("POST", { name: "Corner Café", timeZone: "Europe/Stockholm" }, owner.token),
  );
  siteId = ((await res.json()) as { id: string }).id;
  organiserId = (
    await ok<{ id: string }>(owner, "POST", "/v1/bookings/organisations", {
      kind: "organiser",
      name: "Hudson Events",
      country: "SE",
      timeZone: "America/New_York",
    })
  ).id;
});

async function rows() {
  const res = await api(`/v1/analytics/sites/${siteId}?from=2026-06-01&to=2026-06-02`, authed(owner.token));
  expect(res.status).toBe(200);
  const body = (await res.json()) as SiteAnalytics;
  return body.rows
    .map((r) => `${r.day} ${r.metric} ${r.key}${r.label ? ` (${r.label})` : ""} = ${r.value}`)
    .sort();
}

describe("module analytics through manifests (workerd, hand-computed)", () => {
  it("adds dispensing sales and heating energy per site and local day; the same batch twice changes nothing", async () => {
    const events = [...sales(), ...heating()];
    await deliver(events);
    const first = await rows();
    await deliver(events);
    expect(await rows()).toEqual(first);

    expect(first).toEqual(
      [
        // 1 June: A and C paid and completed, 80.00 + 90.00; coffees 2, buns 1 + 3.
        "2026-06-01 dispensing.orders  = 2",
        "2026-06-01 dispensing.completed  = 2",
        "2026-06-01 dispensing.revenue SEK (SEK) = 17000",
        "2026-06-01 dispensing.units p-coffee (Coffee) = 2",
        "2026-06-01 dispensing.units p-bun (Cinnamon bun) = 4",
        // 2 June: B paid (+1, 25.00, a coffee) and A refunded (−1, −80.00, −2 coffees, −1 bun).
        "2026-06-02 dispensing.orders  = 0",
        "2026-06-02 dispensing.completed  = 1",
        "2026-06-02 dispensing.refunds  = 1",
        "2026-06-02 dispensing.revenue SEK (SEK) = -5500",
        "2026-06-02 dispensing.units p-coffee (Coffee) = -1",
        "2026-06-02 dispensing.units p-bun (Cinnamon bun) = -1",
        // Energy in Wh per room; a day without heating minutes has no minutes row.
        "2026-06-01 heating.energy r-hall (Hall) = 3250",
        "2026-06-01 heating.energy r-office (Office) = 1",
        "2026-06-01 heating.minutes r-hall (Hall) = 95",
        "2026-06-02 heating.energy r-hall (Hall) = 4100",
        "2026-06-02 heating.energy r-office (Office) = 1005",
        "2026-06-02 heating.minutes r-hall (Hall) = 120",
        "2026-06-02 heating.minutes r-office (Office) = 30",
        "2026-06-02 heating.safety-trips r-hall (Hall) = 1",
      ].sort(),
    );
  });

  it("keeps bookings per organisation (source org:<id>) on the organiser's local day, once", async () => {
    const source = `org:${organiserId}`;
    // 02:00 UTC on 2 June is 22:00 on 1 June in New York.
    const confirmed = sampleEvent(
      "booking.confirmed",
      source,
      {
        bookingId: "b1",
        eventId: "e1",
        organiserId,
        companyId: "c1",
        crewId: "crew-1",
        crewName: "Lena Berg",
        eventName: "Summer stage",
        startsAt: "2026-06-20T16:00:00.000Z",
        endsAt: "2026-06-20T23:00:00.000Z",
        total: 420000,
        currency: "SEK",
        at: "2026-06-02T02:00:00.000Z",
      },
      DAY1,
      "bookings",
    );
    await deliver([confirmed, confirmed]);
    const db = deps.modules.depsOf(analyticsModule).db;
    const stored = await db
      .select({
        day: schema.daily.day,
        metric: schema.daily.metric,
        key: schema.daily.key,
        value: schema.daily.value,
      })
      .from(schema.daily)
      .where(eq(schema.daily.siteId, source));
    expect(stored.sort((a, b) => a.metric.localeCompare(b.metric))).toEqual([
      { day: "2026-06-01", metric: "bookings.booked", key: "SEK", value: 420000 },
      { day: "2026-06-01", metric: "bookings.confirmed", key: "", value: 1 },
    ]);
    // The organisation's read route and CSV: labels from bookings' manifest, money formatted, others refused.
    const res = await api(
      `/v1/analytics/organisations/${organiserId}?from=2026-06-01&to=2026-06-30`,
      authed(owner.token),
    );
    expect(res.status).toBe(200);
    const org = (await res.json()) as {
      name: string;
      metrics: { id: string; label: string }[];
      rows: unknown[];
    };
    expect(org.name).toBe("Hudson Events");
    expect(org.metrics.map((m) => m.label).sort()).toEqual(["Booked", "Bookings confirmed"]);
    expect(org.rows).toHaveLength(2);
    const csv = await api(
      `/v1/analytics/organisations/${organiserId}/export.csv?from=2026-06-01&to=2026-06-30`,
      authed(owner.token),
    );
    expect((await csv.text()).split("\r\n")).toEqual([
      '"date","figure","of","value","unit"',
      '"2026-06-01","Booked","SEK","SEK 4200.00","SEK"',
      '"2026-06-01","Bookings confirmed","","1","count"',
      "",
    ]);
    const stranger = await signUpUser();
    const refused = await api(
      `/v1/analytics/organisations/${organiserId}?from=2026-06-01&to=2026-06-30`,
      authed(stranger.token),
    );
    expect(refused.status).toBe(404);
    const badRange = await api(
      `/v1/analytics/organisations/${organiserId}?from=2026-06-30&to=2026-06-01`,
      authed(owner.token),
    );
    expect(badRange.status).toBe(400);
  });
  it("times a service request to its first bid, acceptance and completion, and keeps ratings as sum and count", async () => {
    const where = somewhere();
    const site = await serviceSite(where, false);
    const [early, late] = [
      await provider({ lat: 0, lon: where.lon + 0.1 }),
      await provider({ lat: 0, lon: where.lon + 0.2 }),
    ];
    const requestId = await openRequest(site);
    const firstBid = await bid(early, requestId);
    const secondBid = await bid(late, requestId, 9_000);
    const accepted = await call<{ workOrderId: string }>(
      site.owner,
      "POST",
      `/v1/marketplace/bids/${secondBid}/accept`,
    );
    const { workOrderId } = accepted.body;
    // The request was opened at 10:00 UTC on 10 June (mid-day in any nearby zone): times below are from it.
    const opened = Date.UTC(2026, 5, 10, 10, 0);
    await env.MARKETPLACE_DB.prepare("UPDATE service_requests SET created_at = ? WHERE id = ?")
      .bind(opened, requestId)
      .run();
    const at = (minutes: number) => new Date(opened + minutes * MIN).toISOString();
    const money = { amount: 12_000, currency: "EUR" };
    const wo = { workOrderId, number: "WO-000001", siteId: site.siteId, providerId: late.id };
    const events = [
      sampleEvent(
        "service.request.created",
        site.siteId,
        {
          requestId,
          number: "SR-1",
          siteId: site.siteId,
          equipmentId: "fridge-1",
          title: "Dairy fridge runs warm",
          serviceType: "REFRIGERATION",
          priority: "HIGH",
          origin: "OWNER",
          createdAt: at(0),
        },
        opened,
        "marketplace",
      ),
      // The earliest bid after 45 minutes; the later one is not a first bid.
      sampleEvent(
        "service.bid.placed",
        site.siteId,
        { bidId: firstBid, requestId, providerId: early.id, ...money, earliestAt: at(600), placedAt: at(45) },
        opened,
        "marketplace",
      ),
      sampleEvent(
        "service.bid.placed",
        site.siteId,
        { bidId: secondBid, requestId, providerId: late.id, ...money, earliestAt: at(600), placedAt: at(50) },
        opened,
        "marketplace",
      ),
      sampleEvent(
        "service.bid.accepted",
        site.siteId,
        { bidId: secondBid, requestId, providerId: late.id, workOrderId, acceptedAt: at(90) },
        opened,
        "marketplace",
      ),
      // Completed the next day, 25 hours after the request.
      sampleEvent(
        "work.order.completed",
        site.siteId,
        { ...wo, ...money, items: 2, completedAt: at(1500) },
        opened,
        "marketplace",
      ),
      sampleEvent(
        "work.order.feedback.submitted",
        site.siteId,
        { ...wo, rating: 4, submittedAt: at(1560) },
        opened,
        "marketplace",
      ),
    ];
    await deliver(events);
    await deliver(events);
    const res = await api(
      `/v1/analytics/sites/${site.siteId}?from=2026-06-10&to=2026-06-11`,
      authed(site.owner.token),
    );
    const body = (await res.json()) as SiteAnalytics;
    const got = body.rows
      .filter((r) => r.metric.startsWith("marketplace."))
      .map((r) => `${r.day} ${r.metric} = ${r.value}`)
      .sort();
    expect(got).toEqual(
      [
        "2026-06-10 marketplace.requests = 1",
        "2026-06-10 marketplace.first-bid.minutes = 45",
        "2026-06-10 marketplace.first-bid.count = 1",
        "2026-06-10 marketplace.accept.minutes = 90",
        "2026-06-10 marketplace.accept.count = 1",
        "2026-06-11 marketplace.completed = 1",
        "2026-06-11 marketplace.completion.minutes = 1500",
        "2026-06-11 marketplace.completion.count = 1",
        "2026-06-11 marketplace.rating.sum = 4",
        "2026-06-11 marketplace.rating.count = 1",
      ].sort(),
    );
  });
});
