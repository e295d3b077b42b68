/** Notification texts for dispensing's events: faults and low stock tell people; the rest is the record. */
import type { EventData } from "../../shared/events/index.ts";

interface Description {
  title: string;
  body: string;
}

const REASONS: Record<EventData<"dispenser.qr.rejected">["reason"], string> = {
  EXPIRED: "expired",
  SPENT: "already used",
  FORGED: "not a valid code",
  OTHER_SITE: "for another site",
  REVOKED: "revoked",
  OUT_OF_STOCK: "out of stock",
  NOT_DISPENSABLE: "not dispensable",
};
const none = () => null;

export const DISPENSING_DESCRIBERS = {
  "order.created": none,
  "order.paid": none,
  "order.completed": none,
  "order.cancelled": none,
  "order.refunded": none,
  "dispenser.qr.redeemed": none,
  // A refusal is shown on the dispenser itself; REASONS names it for the event log.
  "dispenser.qr.rejected": (_d: EventData<"dispenser.qr.rejected">) => null as Description | null,
  "dispenser.dispensed": none,
  "dispenser.fault": (d: EventData<"dispenser.fault">): Description => ({
    title: `${d.deviceName}: ${d.fault === "jammed" ? "jammed" : "empty"}`,
    body:
      d.fault === "jammed"
        ? "A dispense failed because the dispenser jammed; the order needs a refund or a new code."
        : "A dispense failed because the slot was empty; the order needs a refund or a new code.",
  }),
  "inventory.stock.low": (d: EventData<"inventory.stock.low">): Description => ({
    title: `${d.productName}: low stock`,
    body: `${d.onHand} left (threshold ${d.threshold}).`,
  }),
  "inventory.stock.moved": none,
  "product.price.changed": none,
};
export const REFUSAL_TEXT = REASONS;
