/** Notification texts for the bookings module's events (declared in its manifest; times through the context). */
import type { EventData } from "../../shared/events/index.ts";
import { formatMoney } from "../../shared/money/index.ts";
import type { DescribeContext } from "../module/index.ts";

type BookingData = EventData<"booking.requested">;
type InvoiceData = EventData<"invoice.issued">;

const booking =
  (verb: string) =>
  (d: BookingData, { time: when }: DescribeContext) => ({
    title: `Booking ${verb}: ${d.crewName}`,
    body: `${d.crewName} for ${d.eventName}, ${when(d.startsAt)} – ${when(d.endsAt)}, ${formatMoney({ amount: d.total, currency: d.currency })}.`,
  });
const invoice =
  (verb: string) =>
  (d: InvoiceData, { time: when }: DescribeContext) => ({
    title: `Invoice ${d.number ?? "draft"} ${verb}`,
    body: `${formatMoney({ amount: d.total, currency: d.currency })} including VAT ${formatMoney({ amount: d.vat, currency: d.currency })}${d.dueAt ? `, due ${when(d.dueAt)}` : ""}.`,
  });

export const BOOKINGS_DESCRIBERS = {
  "booking.requested": booking("requested"),
  "booking.confirmed": booking("confirmed"),
  "booking.cancelled": booking("cancelled"),
  "booking.completed": booking("completed"),
  "invoice.generated": invoice("drafted"),
  "invoice.issued": invoice("issued"),
  "invoice.paid": invoice("paid"),
  "invoice.overdue": invoice("overdue"),
  // Calendar edits are not worth a notification.
  "event.created": () => null,
  "event.updated": () => null,
  "event.deleted": () => null,
};
