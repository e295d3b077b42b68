/** Stock movements: every change of on-hand stock is a move row, an event, and a low-stock check, in one batch. */
import { type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { buildEvent, type EventEnvelope } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import {
  type HubDb,
  dispensingInventory as inv,
  dispensingStockMoves as moves,
  dispensingProducts as products,
  type STOCK_REASONS,
  dispensingSlots as slots,
} from "../db/index.ts";
import { eventStatement } from "../outbox/index.ts";

export type StockReason = (typeof STOCK_REASONS)[number];

export interface Move {
  productId: string;
  productName: string;
  delta: number;
  /** On hand before the move (as read): the event's figure is this plus `delta`. */
  onHandBefore: number;
  threshold: number;
  reason: StockReason;
  orderId: string | null;
  by: string;
  at: number;
  deviceId?: string;
  slot?: number;
  /** Also release this many reserved units (a dispense or a sale of a reserved order). */
  release?: number;
}

/**
 * The statements of one move, each guarded by `guard` (a SELECT that must find a row) when given. On hand
 * never goes below zero; the low-stock event is raised only when this move crosses the threshold
 * (the `low` flag, checked in SQL, makes it once per crossing even when moves race).
 */
export function moveStatements(
  db: HubDb,
  source: EventEnvelope["source"],
  m: Move,
  guard?: SQL,
): BatchItem<"sqlite">[] {
  const g = guard ? sql` AND EXISTS (${guard})` : sql``;
  const release = m.release ?? 0;
  const id = uuidv7(m.at);
  // The move row is written first, under the caller's guard; everything else follows it (a guard read after
  // the inventory changed could answer differently).
  const moved = sql`SELECT 1 FROM ${moves} WHERE id = ${id}`;
  const out: BatchItem<"sqlite">[] = [
    db.run(sql`INSERT INTO ${moves} (id, product_id, device_id, slot, delta, reason, order_id, by, at)
      SELECT ${id}, ${m.productId}, ${m.deviceId ?? null}, ${m.slot ?? null}, ${m.delta}, ${m.reason},
        ${m.orderId}, ${m.by}, ${m.at} WHERE 1${g}`),
    db.run(sql`UPDATE ${inv} SET on_hand = max(on_hand + ${m.delta}, 0),
      reserved = max(reserved - ${release}, 0) WHERE product_id = ${m.productId} AND EXISTS (${moved})`),
    eventStatement(
      db,
      buildEvent({
        type: "inventory.stock.moved",
        data: {
          productId: m.productId,
          delta: m.delta,
          onHand: Math.max(m.onHandBefore + m.delta, 0),
          reason: m.reason,
          orderId: m.orderId,
          by: m.by,
          at: new Date(m.at).toISOString(),
        },
        source,
        occurredAt: m.at,
      }),
      m.at,
      moved,
    ),
  ];
  if (m.deviceId !== undefined && m.slot !== undefined) {
    out.push(
      db.run(sql`UPDATE ${slots} SET count = min(max(count + ${m.delta}, 0), capacity)
        WHERE device_id = ${m.deviceId} AND slot = ${m.slot} AND EXISTS (${moved})`),
    );
  }
  out.push(...lowStockStatements(db, source, m));
  return out;
}

/** Raises `inventory.stock.low` when on hand is at or below the threshold and was not already; re-arms above it. */
function lowStockStatements(db: HubDb, source: EventEnvelope["source"], m: Move): BatchItem<"sqlite">[] {
  const crossed = sql`SELECT 1 FROM ${inv} i JOIN ${products} p ON p.id = i.product_id
    WHERE i.product_id = ${m.productId} AND i.low = 0 AND p.low_stock_threshold > 0
      AND i.on_hand <= p.low_stock_threshold`;
  return [
    eventStatement(
      db,
      buildEvent({
        type: "inventory.stock.low",
        data: {
          productId: m.productId,
          productName: m.productName,
          onHand: Math.max(m.onHandBefore + m.delta, 0),
          threshold: m.threshold,
          at: new Date(m.at).toISOString(),
        },
        source,
        occurredAt: m.at,
      }),
      m.at,
      crossed,
    ),
    db.run(sql`UPDATE ${inv} SET low = CASE WHEN on_hand <= (SELECT low_stock_threshold FROM ${products}
      WHERE id = ${m.productId}) THEN 1 ELSE 0 END WHERE product_id = ${m.productId}`),
  ];
}
