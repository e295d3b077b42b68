/** Service marketplace events (seed 000, seed 004): requests, bids, work orders, technician visits, support tickets. */
import { z } from "zod";

const instant = z.string().datetime({ offset: true });
const id = z.string().min(1).max(64);
const money = { amount: z.number().int().nonnegative(), currency: z.string().length(3) };

const requestCreated = z.object({
  requestId: id,
  number: z.string(),
  siteId: id,
  equipmentId: id,
  title: z.string(),
  serviceType: z.string(),
  priority: z.string(),
  /** OWNER, ALARM or COMPRESSOR: who raised it. */
  origin: z.string(),
  createdAt: instant,
});
const requestCancelled = z.object({ requestId: id, cancelledAt: instant });
const bidFields = { bidId: id, requestId: id, providerId: id };
const bidPlaced = z.object({ ...bidFields, ...money, earliestAt: instant, placedAt: instant });
const bidAccepted = z.object({ ...bidFields, workOrderId: id, acceptedAt: instant });
const bidDeclined = z.object({ ...bidFields, declinedAt: instant });
const order = { workOrderId: id, number: z.string(), siteId: id, providerId: id };
const orderCreated = z.object({ ...order, requestId: id, bidId: id, ...money, createdAt: instant });
const orderAssigned = z.object({ ...order, technicianIds: z.array(id), assignedAt: instant });
const orderScheduled = z.object({ ...order, slotStart: instant, slotEnd: instant, scheduledAt: instant });
const orderStarted = z.object({ ...order, startedAt: instant });
const orderCompleted = z.object({ ...order, ...money, items: z.number().int(), completedAt: instant });
const orderCancelled = z.object({ ...order, reason: z.string().nullable(), cancelledAt: instant });
const orderPaid = z.object({ ...order, ...money, paymentId: id, paidAt: instant });
const feedback = z.object({ ...order, rating: z.number().int().min(1).max(5), submittedAt: instant });

/** A part or labour line as a technician records it; `opId` makes a retried upload apply once. */
export const visitItemSchema = z.object({
  opId: z.string().min(8).max(64),
  kind: z.enum(["PART", "LABOUR"]),
  description: z.string().trim().min(1).max(200),
  quantity: z.number().positive().max(10_000),
  unitPrice: z.number().int().nonnegative().max(100_000_000),
});

const visit = { visitId: id, workOrderId: id, technicianId: id };
/** Hub module `service`: the technician's visit, recorded offline and synced later. */
const visitCheckedIn = z.object({ ...visit, at: instant });
const visitNoted = z.object({
  ...visit,
  opId: z.string().min(8).max(64),
  note: z.string().max(4000),
  at: instant,
});
const visitPartsUsed = z.object({ ...visit, items: z.array(visitItemSchema).min(1).max(50), at: instant });
const visitSnapshot = z.object({
  ...visit,
  equipmentId: id,
  readings: z.array(z.object({ at: instant, temperature: z.number() })).max(200),
  openAlarms: z.array(z.object({ alarmId: id, kind: z.string(), raisedAt: instant })).max(50),
  at: instant,
});
const visitCompleted = z.object({ ...visit, resolution: z.string().max(4000), at: instant });

/** The hub's evidence that a compressor is failing: figures per day, oldest first. */
const compressorDegrading = z.object({
  equipmentId: id,
  equipmentName: z.string(),
  days: z
    .array(z.object({ day: z.string(), dutyCycle: z.number(), recoveryMinutes: z.number().nullable() }))
    .min(2)
    .max(31),
  dutyCycleSlope: z.number(),
  detectedAt: instant,
});

const ticket = { ticketId: id, number: z.string() };
const ticketCreated = z.object({ ...ticket, subject: z.string(), createdBy: id, createdAt: instant });
const ticketCommented = z.object({ ...ticket, commentId: id, authorId: id, commentedAt: instant });
const ticketStatus = z.object({ ...ticket, status: z.string(), previous: z.string(), changedAt: instant });

export const MARKETPLACE_EVENTS = {
  "service.request.created": { 1: requestCreated },
  "service.request.cancelled": { 1: requestCancelled },
  "service.bid.placed": { 1: bidPlaced },
  "service.bid.accepted": { 1: bidAccepted },
  "service.bid.declined": { 1: bidDeclined },
  "work.order.created": { 1: orderCreated },
  "work.order.assigned": { 1: orderAssigned },
  "work.order.scheduled": { 1: orderScheduled },
  "work.order.started": { 1: orderStarted },
  "work.order.completed": { 1: orderCompleted },
  "work.order.cancelled": { 1: orderCancelled },
  "work.order.paid": { 1: orderPaid },
  "work.order.feedback.submitted": { 1: feedback },
  "service.visit.checked-in": { 1: visitCheckedIn },
  "service.visit.noted": { 1: visitNoted },
  "service.visit.parts-used": { 1: visitPartsUsed },
  "service.visit.snapshot": { 1: visitSnapshot },
  "service.visit.completed": { 1: visitCompleted },
  "equipment.compressor.degrading": { 1: compressorDegrading },
  "support.ticket.created": { 1: ticketCreated },
  "support.ticket.commented": { 1: ticketCommented },
  "support.ticket.status.changed": { 1: ticketStatus },
} as const;
