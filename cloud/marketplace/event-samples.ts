/** One valid sample per marketplace event type (the describers test renders every catalog type). */
import type { EventData } from "../../shared/events/index.ts";
import type { MARKETPLACE_EVENTS } from "../../shared/events/marketplace.ts";

const at = "2026-06-01T12:00:00.000Z";
const order = { workOrderId: "wo-1", number: "WO-000001", siteId: "site-1", providerId: "p-1" };
const bid = { bidId: "b-1", requestId: "r-1", providerId: "p-1" };
const visit = { visitId: "v-1", workOrderId: "wo-1", technicianId: "t-1", at };
const ticket = { ticketId: "t-1", number: "T-000001" };

export const MARKETPLACE_SAMPLES: { [K in keyof typeof MARKETPLACE_EVENTS]: EventData<K>[] } = {
  "service.request.created": [
    {
      requestId: "r-1",
      number: "SR-000001",
      siteId: "site-1",
      equipmentId: "e1",
      title: "Dairy fridge warm",
      serviceType: "REFRIGERATION",
      priority: "HIGH",
      origin: "OWNER",
      createdAt: at,
    },
  ],
  "service.request.cancelled": [{ requestId: "r-1", cancelledAt: at }],
  "service.bid.placed": [{ ...bid, amount: 12000, currency: "eur", earliestAt: at, placedAt: at }],
  "service.bid.accepted": [{ ...bid, workOrderId: "wo-1", acceptedAt: at }],
  "service.bid.declined": [{ ...bid, declinedAt: at }],
  "work.order.created": [
    { ...order, requestId: "r-1", bidId: "b-1", amount: 12000, currency: "eur", createdAt: at },
  ],
  "work.order.assigned": [{ ...order, technicianIds: ["t-1"], assignedAt: at }],
  "work.order.scheduled": [{ ...order, slotStart: at, slotEnd: at, scheduledAt: at }],
  "work.order.started": [{ ...order, startedAt: at }],
  "work.order.completed": [{ ...order, amount: 15400, currency: "eur", items: 2, completedAt: at }],
  "work.order.cancelled": [
    { ...order, reason: "fixed itself", cancelledAt: at },
    { ...order, reason: null, cancelledAt: at },
  ],
  "work.order.paid": [{ ...order, amount: 15400, currency: "eur", paymentId: "pay-1", paidAt: at }],
  "work.order.feedback.submitted": [{ ...order, rating: 5, submittedAt: at }],
  "service.visit.checked-in": [visit],
  "service.visit.noted": [{ ...visit, opId: "op-000001", note: "Condenser fan seized" }],
  "service.visit.parts-used": [
    {
      ...visit,
      items: [{ opId: "op-000002", kind: "PART", description: "Fan motor", quantity: 1, unitPrice: 4500 }],
    },
  ],
  "service.visit.snapshot": [
    {
      ...visit,
      equipmentId: "e1",
      readings: [{ at, temperature: 6.5 }],
      openAlarms: [{ alarmId: "a", kind: "HIGH_TEMPERATURE", raisedAt: at }],
    },
  ],
  "service.visit.completed": [{ ...visit, resolution: "Replaced the fan motor" }],
  "equipment.compressor.degrading": [
    {
      equipmentId: "e1",
      equipmentName: "Dairy fridge",
      days: [
        { day: "2026-05-30", dutyCycle: 0.42, recoveryMinutes: 6 },
        { day: "2026-05-31", dutyCycle: 0.45, recoveryMinutes: null },
      ],
      dutyCycleSlope: 0.03,
      detectedAt: at,
    },
  ],
  "support.ticket.created": [{ ...ticket, subject: "Cannot pay", createdBy: "u-1", createdAt: at }],
  "support.ticket.commented": [{ ...ticket, commentId: "c-1", authorId: "u-1", commentedAt: at }],
  "support.ticket.status.changed": [{ ...ticket, status: "IN_PROGRESS", previous: "OPEN", changedAt: at }],
};
