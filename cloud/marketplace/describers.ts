/** What the marketplace's events say to a person (notifications); hub-side visit steps notify nobody. */
import type { EventData } from "../../shared/events/index.ts";
import type { MARKETPLACE_EVENTS } from "../../shared/events/marketplace.ts";
import { formatMoney } from "../../shared/money/index.ts";
import type { DescribeContext } from "../module/index.ts";

interface Description {
  title: string;
  body: string;
}
type T = keyof typeof MARKETPLACE_EVENTS;
const money = (amount: number, currency: string) => formatMoney({ amount, currency });
const none = () => null;

export const MARKETPLACE_DESCRIBERS: {
  [K in T]: (data: EventData<K>, ctx: DescribeContext) => Description | null;
} = {
  "service.request.created": (d) => ({
    title: `Service request ${d.number}`,
    body: `${d.title} (${d.serviceType.toLowerCase()}, ${d.priority.toLowerCase()} priority).`,
  }),
  "service.request.cancelled": () => ({
    title: "Service request cancelled",
    body: "The request is no longer open.",
  }),
  "service.bid.placed": (d, { time }) => ({
    title: "New bid on your service request",
    body: `${money(d.amount, d.currency)}, earliest ${time(d.earliestAt)}.`,
  }),
  "service.bid.accepted": () => ({
    title: "Your bid was accepted",
    body: "A work order was created for it.",
  }),
  "service.bid.declined": () => ({ title: "Your bid was declined", body: "The owner accepted another bid." }),
  "work.order.created": (d) => ({
    title: `Work order ${d.number}`,
    body: `Created for ${money(d.amount, d.currency)}.`,
  }),
  "work.order.assigned": (d) => ({
    title: `Work order ${d.number}: technicians assigned`,
    body:
      d.technicianIds.length === 1
        ? "One technician will come."
        : `${d.technicianIds.length} technicians will come.`,
  }),
  "work.order.scheduled": (d, { time }) => ({
    title: `Work order ${d.number} scheduled`,
    body: `Visit between ${time(d.slotStart)} and ${time(d.slotEnd)}.`,
  }),
  "work.order.started": (d, { time }) => ({
    title: `Work order ${d.number} started`,
    body: `Started at ${time(d.startedAt)}.`,
  }),
  "work.order.completed": (d) => ({
    title: `Work order ${d.number} completed`,
    body: `${money(d.amount, d.currency)} to pay.`,
  }),
  "work.order.cancelled": (d) => ({
    title: `Work order ${d.number} cancelled`,
    body: d.reason ? `Reason: ${d.reason}` : "The site cancelled it.",
  }),
  "work.order.paid": (d) => ({
    title: `Work order ${d.number} paid`,
    body: `${money(d.amount, d.currency)} paid.`,
  }),
  "work.order.feedback.submitted": (d) => ({
    title: `Feedback on work order ${d.number}`,
    body: `Rated ${d.rating} of 5.`,
  }),
  "service.visit.checked-in": none,
  "service.visit.noted": none,
  "service.visit.parts-used": none,
  "service.visit.snapshot": none,
  "service.visit.completed": none,
  "equipment.compressor.degrading": (d) => ({
    title: `${d.equipmentName}: compressor working harder`,
    body: `Duty cycle rising ${(d.dutyCycleSlope * 100).toFixed(1)} points a day over ${d.days.length} days.`,
  }),
  "support.ticket.created": (d) => ({ title: `Support ticket ${d.number}`, body: d.subject }),
  "support.ticket.commented": (d) => ({ title: `Support ticket ${d.number}`, body: "A new comment." }),
  "support.ticket.status.changed": (d) => ({
    title: `Support ticket ${d.number}`,
    body: `Now ${d.status.toLowerCase().replace("_", " ")}.`,
  }),
};
