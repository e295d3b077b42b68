/** Event schemas of the bookings module (cloud/bookings): bookings, invoices and organisers' events. */
import { z } from "zod";

const instant = z.string().datetime({ offset: true });
const money = { amount: z.number().int().nonnegative(), currency: z.string().length(3) };

const booking = z.object({
  bookingId: z.string(),
  eventId: z.string(),
  organiserId: z.string(),
  companyId: z.string(),
  crewId: z.string(),
  crewName: z.string(),
  eventName: z.string(),
  startsAt: instant,
  endsAt: instant,
  total: money.amount,
  currency: money.currency,
  at: instant,
});

const invoice = z.object({
  invoiceId: z.string(),
  organiserId: z.string(),
  companyId: z.string(),
  /** `YYYY-NNNN`, null while a draft. */
  number: z.string().nullable(),
  ...money,
  vat: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  dueAt: instant.nullable(),
  at: instant,
});

const organiserEvent = z.object({
  eventId: z.string(),
  organiserId: z.string(),
  name: z.string(),
  status: z.enum(["Draft", "Scheduled", "InProgress", "Completed", "Cancelled"]),
  startsAt: instant,
  endsAt: instant,
  at: instant,
});

export const BOOKINGS_EVENTS = {
  "booking.requested": { 1: booking },
  "booking.confirmed": { 1: booking },
  "booking.cancelled": { 1: booking },
  "booking.completed": { 1: booking },
  "invoice.generated": { 1: invoice },
  "invoice.issued": { 1: invoice },
  "invoice.paid": { 1: invoice },
  "invoice.overdue": { 1: invoice },
  "event.created": { 1: organiserEvent },
  "event.updated": { 1: organiserEvent },
  "event.deleted": { 1: organiserEvent },
} as const;
