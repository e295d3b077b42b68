/** The organiser's month calendar (local days in its zone), date-range queries, event CAS, and reports, in workerd. */
import { describe, expect, it } from "vitest";
import { bookingInput, bookingWorld, call, ok } from "./test-fixtures.ts";

describe("calendar and reports", () => {
  it("lists an event under every Stockholm day it touches; ranges and the event status are compare-and-swap", async () => {
    const w = await bookingWorld();
    // 2026-11-30 23:30 UTC is already 1 December in Stockholm.
    await ok(w.organiser, "POST", `/v1/bookings/organisers/${w.organiserId}/events`, {
      name: "Midnight set",
      start: "2026-11-30T23:30:00Z",
      end: "2026-12-01T01:00:00Z",
    });
    const cal = await ok<{ days: Record<string, { name: string }[]>; timeZone: string }>(
      w.organiser,
      "GET",
      `/v1/bookings/organisers/${w.organiserId}/calendar?month=2026-12`,
    );
    expect(cal.timeZone).toBe("Europe/Stockholm");
    expect(cal.days["2026-12-01"]?.map((e) => e.name)).toEqual(["Midnight set"]);
    expect(cal.days["2026-12-12"]?.map((e) => e.name)).toEqual(["Winter Gala"]);
    expect(cal.days["2026-12-13"]?.map((e) => e.name)).toEqual(["Winter Gala"]);
    expect(cal.days["2026-11-30"]).toBeUndefined();

    const range = await ok<{ events: { name: string }[] }>(
      w.organiser,
      "GET",
      `/v1/bookings/organisers/${w.organiserId}/events?from=${encodeURIComponent("2026-12-12T00:00:00+01:00")}&to=${encodeURIComponent("2026-12-14T00:00:00+01:00")}`,
    );
    expect(range.events.map((e) => e.name)).toEqual(["Winter Gala"]);
    expect(
      (await call(w.crewUserA, "GET", `/v1/bookings/organisers/${w.organiserId}/calendar?month=2026-12`))
        .status,
    ).toBe(404);

    const path = `/v1/bookings/events/${w.eventId}/status`;
    const both = await Promise.all([
      call(w.organiser, "POST", path, { from: "Draft", to: "Scheduled" }),
      call(w.organiser, "POST", path, { from: "Draft", to: "Cancelled" }),
    ]);
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await call(w.organiser, "POST", path, { from: "Completed", to: "Draft" })).status).toBe(400);
  });

  it("reports bookings, revenue per month and utilisation (booked ÷ available hours) per organiser and company", async () => {
    const w = await bookingWorld();
    const b = await ok<{ id: string }>(
      w.organiser,
      "POST",
      "/v1/bookings/bookings",
      bookingInput(w, w.crewA, "2026-12-12T18:00:00+01:00", "2026-12-12T22:00:00+01:00"),
    );
    await ok(
      w.organiser,
      "POST",
      "/v1/bookings/bookings",
      bookingInput(w, w.crewB, "2026-12-13T10:00:00+01:00", "2026-12-13T12:00:00+01:00"),
    );
    const cancelled = await ok<{ id: string }>(
      w.organiser,
      "POST",
      "/v1/bookings/bookings",
      bookingInput(w, w.crewB, "2026-12-14T10:00:00+01:00", "2026-12-14T12:00:00+01:00"),
    );
    await ok(w.organiser, "POST", `/v1/bookings/bookings/${cancelled.id}/status`, { action: "cancel" });
    expect(b.id).toBeTruthy();
    const range = `from=${encodeURIComponent("2026-12-12T00:00:00+01:00")}&to=${encodeURIComponent("2026-12-17T00:00:00+01:00")}`;
    type Report = {
      months: unknown[];
      utilisation: {
        name: string;
        bookedHours: number;
        availableHours: number;
        utilisation: number | null;
      }[];
    };
    const organiserReport = await ok<Report>(
      w.organiser,
      "GET",
      `/v1/bookings/organisations/${w.organiserId}/report?${range}`,
    );
    expect(organiserReport.months).toEqual([
      { month: "2026-12", bookings: 2, cancelled: 1, revenue: 300_000, currency: "sek" },
    ]);
    // Both are available the whole 5 days (120 h): A booked 4 h, B 2 h.
    const byName = Object.fromEntries(organiserReport.utilisation.map((u) => [u.name, u]));
    expect(byName["Alva Berg"]).toEqual(
      expect.objectContaining({ bookedHours: 4, availableHours: 120, utilisation: 4 / 120 }),
    );
    expect(byName["Bo Lind"]).toEqual(
      expect.objectContaining({ bookedHours: 2, availableHours: 120, utilisation: 2 / 120 }),
    );
    const companyReport = await ok<Report>(
      w.companyAdmin,
      "GET",
      `/v1/bookings/organisations/${w.companyId}/report?${range}`,
    );
    expect(companyReport.utilisation.map((u) => u.name).sort()).toEqual(["Alva Berg", "Bo Lind"]);
    expect(
      (await call(w.crewUserA, "GET", `/v1/bookings/organisations/${w.organiserId}/report?${range}`)).status,
    ).toBe(404);
  });
});
