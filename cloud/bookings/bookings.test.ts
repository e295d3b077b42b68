/** Bookings in workerd (real D1, real PersonCalendar Durable Objects): no double booking, holds, CAS, pricing. */
import { env } from "cloudflare:workers";
import { and, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import { billedQuantity } from "./pricing.ts";
import * as schema from "./schema.ts";
import { bookingInput, bookingWorld, call, ok } from "./test-fixtures.ts";

const db = () => drizzle(env.BOOKINGS_DB, { schema });

async function activeOf(crewId: string) {
  return db()
    .select()
    .from(schema.bookings)
    .where(
      and(eq(schema.bookings.crewId, crewId), inArray(schema.bookings.status, ["Requested", "Confirmed"])),
    )
    .all();
}

describe("no double booking (PersonCalendar Durable Object)", () => {
  it("50 concurrent overlapping requests for one person: exactly one is active, the rest are CONFLICT", async () => {
    const w = await bookingWorld();
    // Each request overlaps every other: all start within the same hour and last three hours.
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(
          w.organiser,
          "POST",
          "/v1/bookings/bookings",
          bookingInput(
            w,
            w.crewA,
            `2026-12-12T18:${String(i).padStart(2, "0")}:00+01:00`,
            `2026-12-12T21:${String(i).padStart(2, "0")}:00+01:00`,
          ),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409)).toHaveLength(49);
    expect(results.find((r) => r.status === 409)?.body).toMatchObject({ error: { code: "CONFLICT" } });
    expect(await activeOf(w.crewA)).toHaveLength(1);
  });

  it("a hold blocks others, its booking takes it over, cancelling frees the slot, availability is honoured", async () => {
    const w = await bookingWorld();
    const slot = { start: "2026-12-12T18:00:00+01:00", end: "2026-12-12T22:00:00+01:00" };
    const hold = await ok<{ holdId: string }>(w.organiser, "POST", "/v1/bookings/holds", {
      organiserId: w.organiserId,
      crewId: w.crewA,
      ...slot,
    });
    const other = await call(
      w.organiser,
      "POST",
      "/v1/bookings/bookings",
      bookingInput(w, w.crewA, slot.start, slot.end),
    );
    expect(other.status).toBe(409);
    const booked = await ok<{ id: string; status: string }>(w.organiser, "POST", "/v1/bookings/bookings", {
      ...bookingInput(w, w.crewA, slot.start, slot.end),
      holdId: hold.holdId,
    });
    expect(booked).toMatchObject({ id: hold.holdId, status: "Requested" });

    // Crew A is available only in December: November is refused.
    const outside = await call(
      w.organiser,
      "POST",
      "/v1/bookings/bookings",
      bookingInput(w, w.crewA, "2026-11-20T18:00:00+01:00", "2026-11-20T20:00:00+01:00"),
    );
    expect(outside).toMatchObject({
      status: 409,
      body: { error: { message: expect.stringContaining("not available") } },
    });

    await ok(w.organiser, "POST", `/v1/bookings/bookings/${booked.id}/status`, { action: "cancel" });
    const again = await call(
      w.organiser,
      "POST",
      "/v1/bookings/bookings",
      bookingInput(w, w.crewA, slot.start, slot.end),
    );
    expect(again.status).toBe(201);
  });

  it("status changes are compare-and-swap: of two concurrent cancels one wins; the organiser cannot confirm", async () => {
    const w = await bookingWorld();
    const b = await ok<{ id: string }>(
      w.organiser,
      "POST",
      "/v1/bookings/bookings",
      bookingInput(w, w.crewB, "2026-12-12T18:00:00+01:00", "2026-12-12T20:00:00+01:00"),
    );
    expect(
      (await call(w.organiser, "POST", `/v1/bookings/bookings/${b.id}/status`, { action: "confirm" })).status,
    ).toBe(403);
    await ok(w.crewUserB, "POST", `/v1/bookings/bookings/${b.id}/status`, { action: "confirm" });
    const both = await Promise.all([
      call(w.organiser, "POST", `/v1/bookings/bookings/${b.id}/status`, { action: "cancel" }),
      call(w.companyAdmin, "POST", `/v1/bookings/bookings/${b.id}/status`, { action: "cancel" }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const events = await db().select().from(schema.outbox).all();
    const cancelled = events.filter((e) => e.event.includes('"booking.cancelled"') && e.event.includes(b.id));
    expect(cancelled).toHaveLength(1);
  });

  it("cancelling the event cancels its open bookings once each and frees the crew's time", async () => {
    const w = await bookingWorld();
    const slot = ["2026-12-12T18:00:00+01:00", "2026-12-12T21:00:00+01:00"] as const;
    const a = await ok<{ id: string }>(
      w.organiser,
      "POST",
      "/v1/bookings/bookings",
      bookingInput(w, w.crewA, ...slot),
    );
    const b = await ok<{ id: string }>(
      w.organiser,
      "POST",
      "/v1/bookings/bookings",
      bookingInput(w, w.crewB, ...slot),
    );
    await ok(w.companyAdmin, "POST", `/v1/bookings/bookings/${b.id}/status`, { action: "confirm" });
    for (const [from, to] of [
      ["Draft", "Scheduled"],
      ["Scheduled", "Cancelled"],
    ] as const)
      await ok(w.organiser, "POST", `/v1/bookings/events/${w.eventId}/status`, { from, to });

    const rows = await db()
      .select()
      .from(schema.bookings)
      .where(eq(schema.bookings.eventId, w.eventId))
      .all();
    expect(rows.map((r) => r.status)).toEqual(["Cancelled", "Cancelled"]);
    const outbox = await db().select().from(schema.outbox).all();
    for (const id of [a.id, b.id])
      expect(
        outbox.filter((e) => e.event.includes('"booking.cancelled"') && e.event.includes(id)),
      ).toHaveLength(1);
    // Cancelling a cancelled event is refused and cancels nothing more; the crew's time is free again.
    const again = await call(w.organiser, "POST", `/v1/bookings/events/${w.eventId}/status`, {
      from: "Scheduled",
      to: "Cancelled",
    });
    expect(again.status).toBe(409);
    expect(await activeOf(w.crewA)).toHaveLength(0);
    const event = await ok<{ id: string }>(
      w.organiser,
      "POST",
      `/v1/bookings/organisers/${w.organiserId}/events`,
      {
        name: "The rescheduled night",
        start: slot[0],
        end: slot[1],
      },
    );
    const rebooked = await call(w.organiser, "POST", "/v1/bookings/bookings", {
      ...bookingInput(w, w.crewA, ...slot),
      eventId: event.id,
    });
    expect(rebooked.status).toBe(201);
  });

  it("prices from the organiser's tariff: every started hour is billed (2 h 01 min → 3 hours)", async () => {
    const w = await bookingWorld({ tariff: { unit: "Hour", amount: 50_000 } });
    const b = await ok<{ quantity: number; total: number; currency: string }>(
      w.organiser,
      "POST",
      "/v1/bookings/bookings",
      bookingInput(w, w.crewB, "2026-12-12T18:00:00+01:00", "2026-12-12T20:01:00+01:00"),
    );
    expect(b).toMatchObject({ quantity: 3, total: 150_000, currency: "sek" });
  });
});

describe("the rounding rule for hours and days", () => {
  const h = 3_600_000;
  it("bills every started hour, every started 24 hours, and one per event", () => {
    expect(billedQuantity("Hour", 0, h)).toBe(1);
    expect(billedQuantity("Hour", 0, h + 1)).toBe(2);
    expect(billedQuantity("Hour", 0, 60_000)).toBe(1);
    expect(billedQuantity("Day", 0, 24 * h)).toBe(1);
    expect(billedQuantity("Day", 0, 25 * h)).toBe(2);
    expect(billedQuantity("Day", 0, 3 * h)).toBe(1);
    expect(billedQuantity("Event", 0, 50 * h)).toBe(1);
    expect(() => billedQuantity("Hour", h, h)).toThrow();
  });
});
