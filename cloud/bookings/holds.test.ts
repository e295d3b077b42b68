/** A hold lapses after HOLD_MS on the module's clock (injected here), through the real PersonCalendar objects. */
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { buildDeps } from "../../edge/deps.ts";
import { ManualClock } from "../../shared/clock/index.ts";
import { HOLD_MS, holdSlot, requestBooking } from "./bookings.ts";
import { bookingsModule } from "./module.ts";
import { bookingWorld } from "./test-fixtures.ts";

describe("holds", () => {
  it("block others until they lapse; then the slot is free", async () => {
    const w = await bookingWorld();
    const clock = new ManualClock(Date.parse("2026-12-01T12:00:00Z"));
    const deps = buildDeps(env, { clock }).modules.depsOf(bookingsModule);
    const start = Date.parse("2026-12-20T18:00:00+01:00");
    const slot = { start, end: start + 4 * 3_600_000 };
    await holdSlot(deps, w.organiser.id, { organiserId: w.organiserId, crewId: w.crewB, ...slot });
    const request = { eventId: w.eventId, crewId: w.crewB, category: "Sound", skill: "FOH", ...slot };

    clock.advance(HOLD_MS - 1);
    await expect(requestBooking(deps, w.organiser.id, request)).rejects.toMatchObject({ code: "CONFLICT" });
    clock.advance(1);
    await expect(requestBooking(deps, w.organiser.id, request)).resolves.toMatchObject({
      status: "Requested",
    });
  });
});
