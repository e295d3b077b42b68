/**
 * A technician's visit at the hub, with or without the cloud: check-in, notes, parts, a snapshot of the
 * unit's readings and alarms, completion. Each is a row change and an event written together
 * (`writeWithEvent`); the events sync later and the cloud applies each once (cloud/marketplace/visits.ts).
 * Status only moves forward here too: a completed visit takes no more check-ins, notes or parts.
 */
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import { OPEN_ALARM_STATUSES } from "../../shared/alarms/index.ts";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { buildEvent, type EventData, type EventEnvelope, type EventType } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { alarms, type HubDb, readings, serviceVisits, serviceWorkOrders } from "../db/index.ts";
import { writeWithEvent } from "../outbox/index.ts";

export interface VisitDeps {
  db: HubDb;
  clock: Clock;
  source(): EventEnvelope["source"];
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The work order, when `technicianId` is allowed in for it (desired state says so); NOT_FOUND otherwise. */
async function allowedOrder(deps: VisitDeps, workOrderId: string, technicianId: string) {
  const [order] = await deps.db.select().from(serviceWorkOrders).where(eq(serviceWorkOrders.id, workOrderId));
  if (!order?.technicians.some((t) => t.userId === technicianId))
    throw new AppError("NOT_FOUND", "no such work order for this technician");
  return order;
}

async function openVisit(deps: VisitDeps, visitId: string, technicianId: string) {
  const [visit] = await deps.db.select().from(serviceVisits).where(eq(serviceVisits.id, visitId));
  if (!visit || visit.technicianId !== technicianId) throw new AppError("NOT_FOUND", "no such visit");
  if (visit.status === "COMPLETED") throw new AppError("CONFLICT", "the visit is completed");
  return visit;
}

function event<T extends EventType>(deps: VisitDeps, type: T, data: EventData<T>, now: number) {
  return buildEvent({ type, data, source: deps.source(), occurredAt: now });
}

/** Checks the technician in for a work order: a new visit. */
export async function checkIn(deps: VisitDeps, input: { workOrderId: string; technicianId: string }) {
  await allowedOrder(deps, input.workOrderId, input.technicianId);
  const now = deps.clock.now();
  const visitId = uuidv7(now);
  await writeWithEvent(deps.db, {
    event: event(deps, "service.visit.checked-in", { visitId, ...input, at: iso(now) }, now),
    now,
    change: [
      deps.db.insert(serviceVisits).values({ id: visitId, ...input, status: "CHECKED_IN", checkedInAt: now }),
    ],
  });
  return { visitId };
}

const stillOpen = (visitId: string) =>
  sql`SELECT 1 FROM service_visits WHERE id = ${visitId} AND status = 'CHECKED_IN'`;

/** A note on the visit (its operation id makes a retried upload apply once in the cloud). */
export async function addNote(
  deps: VisitDeps,
  input: { visitId: string; technicianId: string; note: string },
) {
  const visit = await openVisit(deps, input.visitId, input.technicianId);
  const now = deps.clock.now();
  const data = { visitId: visit.id, workOrderId: visit.workOrderId, technicianId: visit.technicianId };
  await writeWithEvent(deps.db, {
    event: event(
      deps,
      "service.visit.noted",
      { ...data, opId: uuidv7(now), note: input.note, at: iso(now) },
      now,
    ),
    now,
    guard: stillOpen(visit.id),
    change: [
      deps.db
        .update(serviceVisits)
        .set({
          notes: sql`json_insert(${serviceVisits.notes}, '$[#]', json(${JSON.stringify({ note: input.note, at: now })}))`,
        })
        .where(and(eq(serviceVisits.id, visit.id), eq(serviceVisits.status, "CHECKED_IN"))),
    ],
  });
}

/** Parts and labour used: append-only lines, each with its own operation id. */
export async function useParts(
  deps: VisitDeps,
  input: {
    visitId: string;
    technicianId: string;
    items: { kind: "PART" | "LABOUR"; description: string; quantity: number; unitPrice: number }[];
  },
) {
  const visit = await openVisit(deps, input.visitId, input.technicianId);
  const now = deps.clock.now();
  const items = input.items.map((i) => ({ ...i, opId: uuidv7(now) }));
  const data = { visitId: visit.id, workOrderId: visit.workOrderId, technicianId: visit.technicianId };
  await writeWithEvent(deps.db, {
    event: event(deps, "service.visit.parts-used", { ...data, items, at: iso(now) }, now),
    now,
    guard: stillOpen(visit.id),
    change: input.items.map((item) =>
      deps.db
        .update(serviceVisits)
        .set({ items: sql`json_insert(${serviceVisits.items}, '$[#]', json(${JSON.stringify(item)}))` })
        .where(and(eq(serviceVisits.id, visit.id), eq(serviceVisits.status, "CHECKED_IN"))),
    ),
  });
}

/** The unit's last readings (up to 60) and its open alarms, as the technician found them. */
export async function snapshot(deps: VisitDeps, input: { visitId: string; technicianId: string }) {
  const visit = await openVisit(deps, input.visitId, input.technicianId);
  const [order] = await deps.db
    .select()
    .from(serviceWorkOrders)
    .where(eq(serviceWorkOrders.id, visit.workOrderId));
  const equipmentId = order!.equipmentId;
  const last = await deps.db
    .select({ ts: readings.ts, temperature: readings.temperature })
    .from(readings)
    .where(and(eq(readings.equipmentId, equipmentId), sql`${readings.temperature} IS NOT NULL`))
    .orderBy(desc(readings.ts))
    .limit(60);
  const open = await deps.db
    .select({ id: alarms.id, kind: alarms.kind, raisedAt: alarms.raisedAt })
    .from(alarms)
    .where(and(eq(alarms.equipmentId, equipmentId), inArray(alarms.status, [...OPEN_ALARM_STATUSES])));
  const now = deps.clock.now();
  const data = {
    visitId: visit.id,
    workOrderId: visit.workOrderId,
    technicianId: visit.technicianId,
    equipmentId,
    readings: last.reverse().map((r) => ({ at: iso(r.ts), temperature: r.temperature! })),
    openAlarms: open.map((a) => ({ alarmId: a.id, kind: a.kind, raisedAt: iso(a.raisedAt) })),
    at: iso(now),
  };
  await writeWithEvent(deps.db, {
    event: event(deps, "service.visit.snapshot", data, now),
    now,
    guard: stillOpen(visit.id),
    change: [],
  });
  return data;
}

/** Completes the visit once; a second completion changes nothing and writes no event. */
export async function completeVisit(
  deps: VisitDeps,
  input: { visitId: string; technicianId: string; resolution: string },
) {
  const visit = await openVisit(deps, input.visitId, input.technicianId);
  const now = deps.clock.now();
  const data = { visitId: visit.id, workOrderId: visit.workOrderId, technicianId: visit.technicianId };
  const done = await writeWithEvent(deps.db, {
    event: event(
      deps,
      "service.visit.completed",
      { ...data, resolution: input.resolution, at: iso(now) },
      now,
    ),
    now,
    guard: stillOpen(visit.id),
    change: [
      deps.db
        .update(serviceVisits)
        .set({ status: "COMPLETED", completedAt: now, resolution: input.resolution })
        .where(and(eq(serviceVisits.id, visit.id), eq(serviceVisits.status, "CHECKED_IN"))),
    ],
  });
  if (!done) throw new AppError("CONFLICT", "the visit is completed");
}
