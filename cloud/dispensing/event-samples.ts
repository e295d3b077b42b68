/** Sample data of each dispensing event (the notification describers' test renders every one). */
import type { EventData } from "../../shared/events/index.ts";

const at = "2026-06-01T12:00:00.000Z";
const items = [{ productId: "p1", name: "Cola", quantity: 2, unitMinor: 3000 }];
const finished = [{ orderId: "o1", by: "Lobby dispenser", at }];

export const DISPENSING_SAMPLES: {
  [T in
    | "order.created"
    | "order.paid"
    | "order.completed"
    | "order.cancelled"
    | "order.refunded"
    | "dispenser.qr.redeemed"
    | "dispenser.qr.rejected"
    | "dispenser.dispensed"
    | "dispenser.fault"
    | "inventory.stock.low"
    | "inventory.stock.moved"
    | "product.price.changed"]: EventData<T>[];
} = {
  "order.created": [
    {
      orderId: "o1",
      channel: "POS",
      items,
      totalMinor: 6000,
      currency: "SEK",
      createdBy: "Ana",
      createdAt: at,
    },
  ],
  "order.paid": [{ orderId: "o1", payment: "CASH", totalMinor: 6000, currency: "SEK", paidAt: at }],
  "order.completed": finished,
  "order.cancelled": finished,
  "order.refunded": finished,
  "dispenser.qr.redeemed": [
    { codeId: "c1", orderId: "o1", deviceId: "d1", deviceName: "Lobby", scanId: "s1", redeemedAt: at },
  ],
  "dispenser.qr.rejected": [
    {
      codeId: null,
      orderId: null,
      deviceId: "d1",
      deviceName: "Lobby",
      scanId: "s1",
      reason: "FORGED",
      rejectedAt: at,
    },
  ],
  "dispenser.dispensed": [
    {
      orderId: "o1",
      codeId: "c1",
      deviceId: "d1",
      deviceName: "Lobby",
      items: [{ productId: "p1", slot: 0, quantity: 2 }],
      dispensedAt: at,
    },
  ],
  "dispenser.fault": [
    { deviceId: "d1", deviceName: "Lobby", orderId: "o1", fault: "jammed", at },
    { deviceId: "d1", deviceName: "Lobby", orderId: null, fault: "empty", at },
  ],
  "inventory.stock.low": [{ productId: "p1", productName: "Cola", onHand: 2, threshold: 3, at }],
  "inventory.stock.moved": [
    { productId: "p1", delta: -2, onHand: 6, reason: "dispense", orderId: "o1", by: "Lobby", at },
  ],
  "product.price.changed": [{ productId: "p1", priceMinor: 3200, currency: "SEK", by: "Ana", at }],
};
