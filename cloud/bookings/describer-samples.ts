/** Sample event data of the bookings module's types, for the describers test (cloud/notifications). */
import type { EventData } from "../../shared/events/index.ts";

const at = "2026-06-01T12:00:00.000Z";
const booking: EventData<"booking.requested"> = {
  bookingId: "b1",
  eventId: "e1",
  organiserId: "o1",
  companyId: "c1",
  crewId: "p1",
  crewName: "Alva Berg",
  eventName: "Summer festival",
  startsAt: at,
  endsAt: "2026-06-01T20:00:00.000Z",
  total: 400000,
  currency: "sek",
  at,
};
const invoice = (number: string | null, dueAt: string | null): EventData<"invoice.issued"> => ({
  invoiceId: "i1",
  organiserId: "o1",
  companyId: "c1",
  number,
  amount: 400000,
  currency: "sek",
  vat: 100000,
  total: 500000,
  dueAt,
  at,
});
const organiserEvent: EventData<"event.created"> = {
  eventId: "e1",
  organiserId: "o1",
  name: "Summer festival",
  status: "Draft",
  startsAt: at,
  endsAt: at,
  at,
};

export const BOOKINGS_SAMPLES = {
  "booking.requested": [booking],
  "booking.confirmed": [booking],
  "booking.cancelled": [booking],
  "booking.completed": [booking],
  "invoice.generated": [invoice(null, null)],
  "invoice.issued": [invoice("2026-0001", "2026-07-01T12:00:00.000Z")],
  "invoice.paid": [invoice("2026-0001", "2026-07-01T12:00:00.000Z")],
  "invoice.overdue": [invoice("2026-0001", "2026-07-01T12:00:00.000Z")],
  "event.created": [organiserEvent],
  "event.updated": [organiserEvent],
  "event.deleted": [organiserEvent],
};
