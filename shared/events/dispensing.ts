/** Dispensing's events (seed 001): orders, QR redemptions, dispenses and stock, as hub and cloud write them. */
import { z } from "zod";
import { REFUSAL_REASONS } from "../dispensing/token.ts";

const instant = z.string().datetime({ offset: true });
const item = z.object({
  productId: z.string(),
  name: z.string(),
  quantity: z.number().int().positive(),
  unitMinor: z.number().int().nonnegative(),
});
const order = {
  orderId: z.string(),
  channel: z.enum(["POS", "ONLINE"]),
  items: z.array(item).max(64),
  totalMinor: z.number().int().nonnegative(),
  currency: z.string().length(3),
};
const orderCreated = z.object({ ...order, createdBy: z.string(), createdAt: instant });
const orderPaid = z.object({
  orderId: z.string(),
  payment: z.enum(["CASH", "CARD", "ONLINE"]),
  totalMinor: z.number().int().nonnegative(),
  currency: z.string().length(3),
  paidAt: instant,
});
const orderFinished = z.object({ orderId: z.string(), by: z.string(), at: instant });
const qrRedeemed = z.object({
  codeId: z.string(),
  orderId: z.string(),
  deviceId: z.string(),
  deviceName: z.string(),
  scanId: z.string(),
  redeemedAt: instant,
});
const qrRejected = z.object({
  codeId: z.string().nullable(),
  orderId: z.string().nullable(),
  deviceId: z.string(),
  deviceName: z.string(),
  scanId: z.string(),
  reason: z.enum(REFUSAL_REASONS),
  rejectedAt: instant,
});
const dispensed = z.object({
  orderId: z.string(),
  codeId: z.string(),
  deviceId: z.string(),
  deviceName: z.string(),
  items: z.array(z.object({ productId: z.string(), slot: z.number().int(), quantity: z.number().int() })),
  dispensedAt: instant,
});
const fault = z.object({
  deviceId: z.string(),
  deviceName: z.string(),
  orderId: z.string().nullable(),
  fault: z.enum(["jammed", "empty"]),
  at: instant,
});
const stockLow = z.object({
  productId: z.string(),
  productName: z.string(),
  onHand: z.number().int(),
  threshold: z.number().int(),
  at: instant,
});
const stockMoved = z.object({
  productId: z.string(),
  delta: z.number().int(),
  onHand: z.number().int(),
  reason: z.enum(["sale", "dispense", "restock", "adjustment", "waste", "reconciliation"]),
  orderId: z.string().nullable(),
  by: z.string(),
  at: instant,
});
/** A price changed at the hub (offline, say): the cloud's catalog wins at its next desired state. */
const priceChanged = z.object({
  productId: z.string(),
  priceMinor: z.number().int().nonnegative(),
  currency: z.string().length(3),
  by: z.string(),
  at: instant,
});

export const DISPENSING_EVENTS = {
  "order.created": { 1: orderCreated },
  "order.paid": { 1: orderPaid },
  "order.completed": { 1: orderFinished },
  "order.cancelled": { 1: orderFinished },
  "order.refunded": { 1: orderFinished },
  "dispenser.qr.redeemed": { 1: qrRedeemed },
  "dispenser.qr.rejected": { 1: qrRejected },
  "dispenser.dispensed": { 1: dispensed },
  "dispenser.fault": { 1: fault },
  "inventory.stock.low": { 1: stockLow },
  "inventory.stock.moved": { 1: stockMoved },
  "product.price.changed": { 1: priceChanged },
} as const;

/** Stock movements can be many: they go up the bulk lane. */
export const DISPENSING_BULK_EVENTS = ["inventory.stock.moved"] as const;
