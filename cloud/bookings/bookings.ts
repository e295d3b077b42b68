/**
 * Bookings: Requested → Confirmed → Completed, or Cancelled from Requested/Confirmed. The person's calendar
 * (a serialised unit per person, calendar.ts) decides whether the time is free; D1 then records the booking.
 * Status changes are compare-and-swap on the row's status.
 */
import { and, eq, inArray } from "drizzle-orm";
import { AppError } from "../../shared/errors/index.ts";
import { buildEvent, type EventType } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { batch, runBatch } from "../db/index.ts";
import { isAdminOf, orgFor } from "./access.ts";
import { availabilityOf, crewRow } from "./crew.ts";
import { type BookingsDeps, outboxIfChanged, outboxInsert, schema, sourceOf } from "./db.ts";
import { tariffFor } from "./organisations.ts";
import { bookingTotal } from "./pricing.ts";
import { eventRow } from "./programme.ts";

export type BookingRow = typeof schema.bookings.$inferSelect;
export type BookingStatus = BookingRow["status"];

/** How long a chosen slot is held while the organiser completes the booking (as Cal.com does). */
export const HOLD_MS = 5 * 60_000;

const iso = (ms: number) => new Date(ms).toISOString();

async function bookingEvent(
  deps: BookingsDeps,
  type: Extract<EventType, `booking.${string}`>,
  b: BookingRow,
  now: number,
  // The caller's rows when it has them (a booking request read both already).
  known?: { crewName: string; eventName: string },
) {
  const [crew, ev] = known
    ? [{ name: known.crewName }, { name: known.eventName }]
    : await Promise.all([crewRow(deps, b.crewId), eventRow(deps, b.eventId)]);
  return buildEvent({
    type,
    source: sourceOf(b.organiserId),
    occurredAt: now,
    data: {
      bookingId: b.id,
      eventId: b.eventId,
      organiserId: b.organiserId,
      companyId: b.companyId,
      crewId: b.crewId,
      crewName: crew.name,
      eventName: ev.name,
      startsAt: iso(b.startsAt),
      endsAt: iso(b.endsAt),
      total: b.total,
      currency: b.currency,
      at: iso(now),
    },
  });
}

function refusal(result: { ok: false; reason: "overlap" | "unavailable" }): AppError {
  return result.reason === "overlap"
    ? new AppError("CONFLICT", "the person is already booked or held at that time")
    : new AppError("CONFLICT", "the person is not available at that time");
}

async function slotsOf(deps: BookingsDeps, crewId: string, start: number, end: number) {
  return (await availabilityOf(deps, [crewId], start, end)).map((a) => ({ start: a.startAt, end: a.endAt }));
}

/** Holds a slot for HOLD_MS; the booking made with the returned id takes it over. */
export async function holdSlot(
  deps: BookingsDeps,
  userId: string,
  input: { organiserId: string; crewId: string; start: number; end: number },
) {
  await orgFor(deps.db, input.organiserId, userId, "member", "organiser");
  await crewRow(deps, input.crewId);
  const now = deps.clock.now();
  const id = uuidv7(now);
  const holdUntil = now + HOLD_MS;
  const within = await slotsOf(deps, input.crewId, input.start, input.end);
  const result = await deps.calendars.reserve(input.crewId, {
    id,
    start: input.start,
    end: input.end,
    now,
    holdUntil,
    within,
  });
  if (!result.ok) throw refusal(result);
  return { holdId: id, expiresAt: iso(holdUntil) };
}

export interface BookingRequest {
  eventId: string;
  crewId: string;
  category: string;
  skill: string;
  start: number;
  end: number;
  /** A hold from holdSlot: the booking takes its id and its place. */
  holdId?: string;
  notes?: string | null;
}

/** Requests a booking: the calendar takes the slot (or refuses), then the booking is recorded, priced from the tariff. */
export async function requestBooking(
  deps: BookingsDeps,
  userId: string,
  input: BookingRequest,
): Promise<BookingRow> {
  const ev = await eventRow(deps, input.eventId);
  // Independent reads, in parallel: a booking request is the hot path (see bench/bookings.ts).
  const [, crew, tariff, within] = await Promise.all([
    orgFor(deps.db, ev.organiserId, userId, "member", "organiser"),
    crewRow(deps, input.crewId),
    tariffFor(deps, ev.organiserId, input.category, input.skill),
    slotsOf(deps, input.crewId, input.start, input.end),
  ]);
  if (ev.status === "Completed" || ev.status === "Cancelled")
    throw new AppError("CONFLICT", `the event is ${ev.status}`);
  const { quantity, total } = bookingTotal(tariff.amount, tariff.unit, input.start, input.end);
  const now = deps.clock.now();
  const id = input.holdId ?? uuidv7(now);
  if (input.holdId) {
    const taken = await deps.db
      .select({ id: schema.bookings.id })
      .from(schema.bookings)
      .where(eq(schema.bookings.id, id))
      .get();
    if (taken) throw new AppError("CONFLICT", "that hold has already been booked");
  }
  const result = await deps.calendars.reserve(crew.id, {
    id,
    start: input.start,
    end: input.end,
    now,
    within,
  });
  if (!result.ok) throw refusal(result);
  const row: BookingRow = {
    id,
    eventId: ev.id,
    organiserId: ev.organiserId,
    crewId: crew.id,
    companyId: crew.companyId,
    tariffId: tariff.id,
    unit: tariff.unit,
    rate: tariff.amount,
    quantity,
    total,
    currency: tariff.currency,
    startsAt: input.start,
    endsAt: input.end,
    status: "Requested",
    invoiceId: null,
    notes: input.notes ?? null,
    createdAt: now,
    updatedAt: now,
  };
  const event = await bookingEvent(deps, "booking.requested", row, now, {
    crewName: crew.name,
    eventName: ev.name,
  });
  try {
    await runBatch(deps.db, [deps.db.insert(schema.bookings).values(row), outboxInsert(deps.db, event, now)]);
  } catch (err) {
    // The slot is freed unless the same id was recorded meanwhile (a repeated submit owns it then).
    const exists = await deps.db
      .select({ id: schema.bookings.id })
      .from(schema.bookings)
      .where(eq(schema.bookings.id, id))
      .get();
    if (!exists) await deps.calendars.release(crew.id, id);
    throw err;
  }
  return row;
}

export async function bookingRow(deps: BookingsDeps, bookingId: string): Promise<BookingRow> {
  const row = await deps.db.select().from(schema.bookings).where(eq(schema.bookings.id, bookingId)).get();
  if (!row) throw new AppError("NOT_FOUND", "no such booking");
  return row;
}

/** Who may see a booking: the organiser's members, the company's admins, the crew member themself. */
export async function canSee(deps: BookingsDeps, userId: string, b: BookingRow): Promise<boolean> {
  const [orgRow, crew] = await Promise.all([
    deps.db
      .select({ orgId: schema.orgMembers.orgId })
      .from(schema.orgMembers)
      .where(
        and(
          eq(schema.orgMembers.userId, userId),
          inArray(schema.orgMembers.orgId, [b.organiserId, b.companyId]),
        ),
      )
      .all(),
    crewRow(deps, b.crewId),
  ]);
  return orgRow.length > 0 || crew.userId === userId;
}

const TRANSITIONS = {
  confirm: { from: ["Requested"], to: "Confirmed", event: "booking.confirmed" },
  complete: { from: ["Confirmed"], to: "Completed", event: "booking.completed" },
  cancel: { from: ["Requested", "Confirmed"], to: "Cancelled", event: "booking.cancelled" },
} as const;

export type BookingAction = keyof typeof TRANSITIONS;

/**
 * Confirm: the crew member or their company's admins. Complete and cancel: either side. The update names the
 * status read (compare-and-swap): a change that raced another answers CONFLICT and writes nothing.
 */
export async function changeBooking(
  deps: BookingsDeps,
  userId: string,
  bookingId: string,
  action: BookingAction,
) {
  const b = await bookingRow(deps, bookingId);
  if (!(await canSee(deps, userId, b))) throw new AppError("NOT_FOUND", "no such booking");
  const crew = await crewRow(deps, b.crewId);
  const crewSide = crew.userId === userId || (await isAdminOf(deps.db, b.companyId, userId));
  if (action === "confirm" && !crewSide)
    throw new AppError("FORBIDDEN", "only the crew member or their company's admins confirm");
  const t = TRANSITIONS[action];
  if (!(t.from as readonly BookingStatus[]).includes(b.status))
    throw new AppError("CONFLICT", `a ${b.status} booking cannot be ${t.to.toLowerCase()}`, {
      status: b.status,
    });
  const now = deps.clock.now();
  if (!(await moveBooking(deps, b, action, now)))
    throw new AppError("CONFLICT", "the booking changed meanwhile; reload it");
  return { ...b, status: t.to, updatedAt: now } satisfies BookingRow;
}

/**
 * Writes one transition with its event, compare-and-swap on the status read; false when it raced another.
 * A cancellation frees the slot only after it is recorded (a failed release leaves it blocked, never
 * double-booked).
 */
async function moveBooking(
  deps: BookingsDeps,
  b: BookingRow,
  action: BookingAction,
  now: number,
  known?: { crewName: string; eventName: string },
): Promise<boolean> {
  const t = TRANSITIONS[action];
  const next: BookingRow = { ...b, status: t.to, updatedAt: now };
  const event = await bookingEvent(deps, t.event, next, now, known);
  const [updated] = await batch(deps.db, [
    deps.db
      .update(schema.bookings)
      .set({ status: t.to, updatedAt: now })
      .where(and(eq(schema.bookings.id, b.id), eq(schema.bookings.status, b.status)))
      .returning({ id: schema.bookings.id }),
    outboxIfChanged(deps.db, event, now),
  ]);
  if (updated.length === 0) return false;
  if (t.to === "Cancelled") await deps.calendars.release(b.crewId, b.id);
  return true;
}

/**
 * A cancelled event cancels its open bookings: each gets its own `booking.cancelled` (the crew hear of it)
 * and the person's time is freed. Idempotent: run again, it finds nothing open; a booking that changed
 * meanwhile is read again.
 */
export async function cancelBookingsOfEvent(deps: BookingsDeps, eventId: string): Promise<number> {
  const ev = await eventRow(deps, eventId);
  let cancelled = 0;
  for (let round = 0; round < 3; round++) {
    const open = await deps.db
      .select()
      .from(schema.bookings)
      .where(
        and(
          eq(schema.bookings.eventId, eventId),
          inArray(schema.bookings.status, ["Requested", "Confirmed"]),
        ),
      )
      .all();
    if (open.length === 0) break;
    for (const b of open) {
      const crew = await crewRow(deps, b.crewId);
      const known = { crewName: crew.name, eventName: ev.name };
      if (await moveBooking(deps, b, "cancel", deps.clock.now(), known)) cancelled++;
    }
  }
  return cancelled;
}

/** A person's active bookings (Requested or Confirmed). */
export async function activeBookingsOf(deps: BookingsDeps, crewId: string) {
  return deps.db
    .select()
    .from(schema.bookings)
    .where(
      and(eq(schema.bookings.crewId, crewId), inArray(schema.bookings.status, ["Requested", "Confirmed"])),
    )
    .all();
}
