/**
 * Organisers' events: Draft → Scheduled → InProgress → Completed, or Cancelled from any open state; a
 * calendar by month in the organiser's time zone and date-range queries. Status changes are compare-and-swap.
 */
import { and, asc, eq, gt, lt } from "drizzle-orm";
import { instantOf, localTime } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { buildEvent } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { batch, runBatch } from "../db/index.ts";
import { orgFor } from "./access.ts";
import { type BookingsDeps, outboxIfChanged, outboxInsert, schema, sourceOf } from "./db.ts";

export type EventStatus = (typeof schema.events.$inferSelect)["status"];
type EventRow = typeof schema.events.$inferSelect;

const NEXT: Record<EventStatus, EventStatus[]> = {
  Draft: ["Scheduled", "Cancelled"],
  Scheduled: ["InProgress", "Cancelled"],
  InProgress: ["Completed", "Cancelled"],
  Completed: [],
  Cancelled: [],
};

const iso = (ms: number) => new Date(ms).toISOString();
const eventData = (e: EventRow, at: number) => ({
  eventId: e.id,
  organiserId: e.organiserId,
  name: e.name,
  status: e.status,
  startsAt: iso(e.startsAt),
  endsAt: iso(e.endsAt),
  at: iso(at),
});

export interface NewEvent {
  name: string;
  venue?: string | null;
  details?: string | null;
  start: number;
  end: number;
}

export async function createEvent(deps: BookingsDeps, userId: string, organiserId: string, input: NewEvent) {
  await orgFor(deps.db, organiserId, userId, "member", "organiser");
  if (!(input.end > input.start)) throw new AppError("VALIDATION_ERROR", "an event must end after it starts");
  const now = deps.clock.now();
  const row: EventRow = {
    id: uuidv7(now),
    organiserId,
    name: input.name,
    venue: input.venue ?? null,
    details: input.details ?? null,
    startsAt: input.start,
    endsAt: input.end,
    status: "Draft",
    createdAt: now,
    updatedAt: now,
  };
  const event = buildEvent({
    type: "event.created",
    source: sourceOf(organiserId),
    occurredAt: now,
    data: eventData(row, now),
  });
  await runBatch(deps.db, [deps.db.insert(schema.events).values(row), outboxInsert(deps.db, event, now)]);
  return row;
}

export async function eventRow(deps: BookingsDeps, eventId: string): Promise<EventRow> {
  const row = await deps.db.select().from(schema.events).where(eq(schema.events.id, eventId)).get();
  if (!row) throw new AppError("NOT_FOUND", "no such event");
  return row;
}

/** Moves the event from `from` to `to` only if it is still in `from` (compare-and-swap); CONFLICT otherwise. */
export async function changeEventStatus(
  deps: BookingsDeps,
  userId: string,
  eventId: string,
  from: EventStatus,
  to: EventStatus,
) {
  const current = await eventRow(deps, eventId);
  await orgFor(deps.db, current.organiserId, userId, "member", "organiser");
  if (!NEXT[from].includes(to))
    throw new AppError("VALIDATION_ERROR", `an event cannot go from ${from} to ${to}`);
  const now = deps.clock.now();
  const next = { ...current, status: to, updatedAt: now };
  const event = buildEvent({
    type: "event.updated",
    source: sourceOf(current.organiserId),
    occurredAt: now,
    data: eventData(next, now),
  });
  const [updated] = await batch(deps.db, [
    deps.db
      .update(schema.events)
      .set({ status: to, updatedAt: now })
      .where(and(eq(schema.events.id, eventId), eq(schema.events.status, from)))
      .returning({ id: schema.events.id }),
    outboxIfChanged(deps.db, event, now),
  ]);
  if (updated.length === 0)
    throw new AppError("CONFLICT", `the event is no longer ${from}`, { status: current.status });
  return next;
}

/** Only a draft can be deleted (anything later has bookings and invoices that refer to it). */
export async function deleteEvent(deps: BookingsDeps, userId: string, eventId: string) {
  const current = await eventRow(deps, eventId);
  await orgFor(deps.db, current.organiserId, userId, "member", "organiser");
  const now = deps.clock.now();
  const event = buildEvent({
    type: "event.deleted",
    source: sourceOf(current.organiserId),
    occurredAt: now,
    data: eventData(current, now),
  });
  const [gone] = await batch(deps.db, [
    deps.db
      .delete(schema.events)
      .where(and(eq(schema.events.id, eventId), eq(schema.events.status, "Draft")))
      .returning({ id: schema.events.id }),
    outboxIfChanged(deps.db, event, now),
  ]);
  if (gone.length === 0) throw new AppError("CONFLICT", "only a draft event can be deleted");
}

/** Events overlapping [from, to), earliest first. */
export async function eventsBetween(
  deps: BookingsDeps,
  userId: string,
  organiserId: string,
  from: number,
  to: number,
) {
  await orgFor(deps.db, organiserId, userId, "member", "organiser");
  return deps.db
    .select()
    .from(schema.events)
    .where(
      and(
        eq(schema.events.organiserId, organiserId),
        lt(schema.events.startsAt, to),
        gt(schema.events.endsAt, from),
      ),
    )
    .orderBy(asc(schema.events.startsAt))
    .limit(1000)
    .all();
}

/** A month (`2026-12`) in the organiser's zone: its events listed under each local day they touch. */
export async function monthCalendar(deps: BookingsDeps, userId: string, organiserId: string, month: string) {
  const org = await orgFor(deps.db, organiserId, userId, "member", "organiser");
  const [year, m] = month.split("-").map(Number) as [number, number];
  const zone = org.timeZone;
  const from = instantOf({ year, month: m, day: 1, hour: 0, minute: 0 }, zone);
  const to = instantOf(
    { year: m === 12 ? year + 1 : year, month: m === 12 ? 1 : m + 1, day: 1, hour: 0, minute: 0 },
    zone,
  );
  const list = await eventsBetween(deps, userId, organiserId, from, to);
  const days: Record<string, { id: string; name: string; status: EventStatus }[]> = {};
  for (const e of list) {
    // Every local day the event touches inside the month (its last instant is end − 1 ms).
    let t = Math.max(e.startsAt, from);
    const until = Math.min(e.endsAt, to);
    while (t < until) {
      const d = localTime(t, zone);
      const key = `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
      days[key] = [...(days[key] ?? []), { id: e.id, name: e.name, status: e.status }];
      t = instantOf({ year: d.year, month: d.month, day: d.day + 1, hour: 0, minute: 0 }, zone);
    }
  }
  return { month, timeZone: zone, days, events: list };
}
