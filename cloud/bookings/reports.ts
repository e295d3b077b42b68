/**
 * Reports for one organisation over [from, to): bookings and revenue per local month (the organisation's zone),
 * and crew utilisation = booked hours ÷ available hours, both clipped to the period. For an organiser: its
 * bookings and the crew it booked; for a crew company: all its crew's bookings.
 */
import { and, eq, gt, inArray, lt, ne, or } from "drizzle-orm";
import { localTime } from "../../shared/clock/index.ts";
import { orgFor } from "./access.ts";
import { availabilityOf, inChunks } from "./crew.ts";
import { type BookingsDeps, schema } from "./db.ts";

const HOUR = 3_600_000;
const clipped = (start: number, end: number, from: number, to: number) =>
  Math.max(0, Math.min(end, to) - Math.max(start, from));

export async function report(deps: BookingsDeps, userId: string, orgId: string, from: number, to: number) {
  const org = await orgFor(deps.db, orgId, userId, "member");
  const side = org.kind === "organiser" ? schema.bookings.organiserId : schema.bookings.companyId;
  const rows = await deps.db
    .select()
    .from(schema.bookings)
    .where(and(eq(side, orgId), lt(schema.bookings.startsAt, to), gt(schema.bookings.endsAt, from)))
    .all();

  const months = new Map<
    string,
    { month: string; bookings: number; cancelled: number; revenue: number; currency: string }
  >();
  for (const b of rows) {
    const t = localTime(Math.max(b.startsAt, from), org.timeZone);
    const key = `${t.year}-${String(t.month).padStart(2, "0")}-${b.currency}`;
    const m = months.get(key) ?? {
      month: key.slice(0, 7),
      bookings: 0,
      cancelled: 0,
      revenue: 0,
      currency: b.currency,
    };
    if (b.status === "Cancelled") m.cancelled += 1;
    else {
      m.bookings += 1;
      m.revenue += b.total;
    }
    months.set(key, m);
  }

  const crewIds =
    org.kind === "organiser"
      ? [...new Set(rows.map((b) => b.crewId))]
      : (
          await deps.db
            .select({ id: schema.crewMembers.id })
            .from(schema.crewMembers)
            .where(eq(schema.crewMembers.companyId, orgId))
            .all()
        ).map((c) => c.id);
  const crew = await inChunks(crewIds, (chunk) =>
    deps.db
      .select({ id: schema.crewMembers.id, name: schema.crewMembers.name })
      .from(schema.crewMembers)
      .where(inArray(schema.crewMembers.id, chunk))
      .all(),
  );
  const slots = await availabilityOf(deps, crewIds, from, to);
  const utilisation = crew.map((c) => {
    const booked = rows
      .filter((b) => b.crewId === c.id && b.status !== "Cancelled")
      .reduce((sum, b) => sum + clipped(b.startsAt, b.endsAt, from, to), 0);
    const available = slots
      .filter((s) => s.crewId === c.id)
      .reduce((sum, s) => sum + clipped(s.startAt, s.endAt, from, to), 0);
    return {
      crewId: c.id,
      name: c.name,
      bookedHours: booked / HOUR,
      availableHours: available / HOUR,
      // Absent when the person offered no time in the period (a ratio over nothing is not 0).
      utilisation: available > 0 ? booked / available : null,
    };
  });
  return {
    organisation: { id: org.id, name: org.name, kind: org.kind, timeZone: org.timeZone },
    months: [...months.values()].sort((a, b) => a.month.localeCompare(b.month)),
    utilisation,
  };
}

/** Bookings an organisation (either side) or a crew member can see, newest first. */
export async function listBookings(deps: BookingsDeps, userId: string, orgId: string) {
  await orgFor(deps.db, orgId, userId, "member");
  return deps.db
    .select({
      booking: schema.bookings,
      crewName: schema.crewMembers.name,
      eventName: schema.events.name,
    })
    .from(schema.bookings)
    .innerJoin(schema.crewMembers, eq(schema.crewMembers.id, schema.bookings.crewId))
    .innerJoin(schema.events, eq(schema.events.id, schema.bookings.eventId))
    .where(
      and(
        or(eq(schema.bookings.organiserId, orgId), eq(schema.bookings.companyId, orgId)),
        ne(schema.bookings.id, ""),
      ),
    )
    .orderBy(schema.bookings.startsAt)
    .limit(500)
    .all();
}

export async function listInvoices(deps: BookingsDeps, userId: string, orgId: string) {
  await orgFor(deps.db, orgId, userId, "member");
  return deps.db
    .select()
    .from(schema.invoices)
    .where(or(eq(schema.invoices.organiserId, orgId), eq(schema.invoices.companyId, orgId)))
    .orderBy(schema.invoices.createdAt)
    .limit(500)
    .all();
}
