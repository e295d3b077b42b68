/**
 * The dispenser's answer to `dispense`: dispensed (stock leaves, order completed) or jammed/empty (recorded,
 * stock untouched, the order flagged for a refund or a new code). An order refunded or cancelled while the
 * dispense was in flight still holds its reservation: this answer releases it once (dispensed: as the move;
 * otherwise as is), and a dispensed one flags the closed order. Every statement is guarded by this
 * acknowledgement's own mark on the redemption, so a repeated acknowledgement changes nothing.
 */
import { eq, inArray, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { buildEvent } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import type { CommandAck } from "../../shared/protocol/index.ts";
import {
  devices,
  dispensingInventory as inv,
  dispensingOrders as orders,
  dispensingProducts as products,
  dispensingRedemptions as redemptions,
} from "../db/index.ts";
import type { DeviceHookContext } from "../module/index.ts";
import { eventStatement } from "../outbox/index.ts";
import { moveStatements } from "./stock.ts";

const OUTCOMES = ["dispensed", "jammed", "empty"] as const;
type Outcome = (typeof OUTCOMES)[number];
const iso = (ms: number) => new Date(ms).toISOString();

/** The outcome an acknowledgement states: `result.outcome`, or `ok` read as dispensed and `failed` as jammed. */
function outcomeOf(ack: CommandAck): Outcome | null {
  const stated = ack.result?.outcome;
  if (typeof stated === "string" && (OUTCOMES as readonly string[]).includes(stated))
    return stated as Outcome;
  if (ack.status === "ok") return "dispensed";
  if (ack.status === "failed") return "jammed";
  return null;
}

export async function ackStatements(
  ctx: DeviceHookContext,
  msg: { device: { id: string }; ack: CommandAck; receivedAt: number },
): Promise<BatchItem<"sqlite">[]> {
  const { db } = ctx;
  const [r] = await db.select().from(redemptions).where(eq(redemptions.commandId, msg.ack.id));
  if (!r || r.outcome !== null) return [];
  const outcome = outcomeOf(msg.ack);
  if (!outcome) return [];
  const at = msg.receivedAt;
  const mark = uuidv7(at);
  const mine = sql`SELECT 1 FROM ${redemptions} WHERE command_id = ${msg.ack.id} AND ack_mark = ${mark}`;
  const source = ctx.source();
  const [device] = await db.select({ name: devices.name }).from(devices).where(eq(devices.id, r.deviceId));
  const deviceName = device?.name ?? r.deviceId;
  const stmts: BatchItem<"sqlite">[] = [
    db.run(sql`UPDATE ${redemptions} SET outcome = ${outcome}, ack_mark = ${mark}
      WHERE command_id = ${msg.ack.id} AND outcome IS NULL`),
  ];
  // Cancelled or refunded while this dispense was in flight: closeOrder left the reservation to this answer.
  const closed = sql`SELECT 1 FROM ${orders} WHERE id = ${r.orderId} AND status IN ('CANCELLED', 'REFUNDED')
    AND EXISTS (${mine})`;
  if (outcome !== "dispensed") {
    stmts.push(
      db.run(sql`UPDATE ${orders} SET flag = ${`dispense ${outcome}: refund or new code`}
        WHERE id = ${r.orderId} AND status = 'PAID' AND EXISTS (${mine})`),
      ...r.plan.map((p) =>
        db.run(sql`UPDATE ${inv} SET reserved = max(reserved - ${p.quantity}, 0)
          WHERE product_id = ${p.productId} AND EXISTS (${closed})`),
      ),
      eventStatement(
        db,
        buildEvent({
          type: "dispenser.fault",
          data: { deviceId: r.deviceId, deviceName, orderId: r.orderId, fault: outcome, at: iso(at) },
          source,
          occurredAt: at,
        }),
        at,
        mine,
      ),
    );
    return stmts;
  }
  const ids = [...new Set(r.plan.map((p) => p.productId))];
  const ps = await db.select().from(products).where(inArray(products.id, ids));
  const stock = await db.select().from(inv).where(inArray(inv.productId, ids));
  const onHand = new Map(stock.map((s) => [s.productId, s.onHand]));
  for (const p of r.plan) {
    const product = ps.find((x) => x.id === p.productId);
    const before = onHand.get(p.productId) ?? 0;
    onHand.set(p.productId, Math.max(before - p.quantity, 0));
    stmts.push(
      ...moveStatements(
        db,
        source,
        {
          productId: p.productId,
          productName: product?.name ?? p.productId,
          delta: -p.quantity,
          onHandBefore: before,
          threshold: product?.lowStockThreshold ?? 0,
          reason: "dispense",
          orderId: r.orderId,
          by: deviceName,
          at,
          deviceId: r.deviceId,
          slot: p.slot,
          release: p.quantity,
        },
        mine,
      ),
    );
  }
  const paid = sql`SELECT 1 FROM ${orders} WHERE id = ${r.orderId} AND status = 'PAID' AND EXISTS (${mine})`;
  stmts.push(
    eventStatement(
      db,
      buildEvent({
        type: "dispenser.dispensed",
        data: {
          orderId: r.orderId,
          codeId: r.codeId,
          deviceId: r.deviceId,
          deviceName,
          items: r.plan,
          dispensedAt: iso(at),
        },
        source,
        occurredAt: at,
      }),
      at,
      mine,
    ),
    eventStatement(
      db,
      buildEvent({
        type: "order.completed",
        data: { orderId: r.orderId, by: deviceName, at: iso(at) },
        source,
        occurredAt: at,
      }),
      at,
      paid,
    ),
    db.run(sql`UPDATE ${orders} SET flag = ${`dispensed after the order was closed: goods handed over`}
      WHERE id = ${r.orderId} AND EXISTS (${closed})`),
    db.run(sql`UPDATE ${orders} SET status = 'COMPLETED', finished_at = ${at}, flag = NULL
      WHERE id = ${r.orderId} AND status = 'PAID' AND EXISTS (${mine})`),
  );
  return stmts;
}
