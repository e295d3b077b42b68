/** The hubs' orders and stock as their events tell, projected into this module's tables (statuses only move forward). */
import { and, eq, inArray } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { EventEnvelope } from "../../shared/events/index.ts";
import { consumeOnce } from "../events/processed-events.ts";
import type { DispensingDeps } from "./orders.ts";
import * as schema from "./schema.ts";

type Status = (typeof schema.orders.$inferSelect)["status"];

/** The hubs' events: their orders and completions (an online order redeemed offline completes here), and stock. */
export async function onHubEvent(deps: DispensingDeps, event: EventEnvelope): Promise<void> {
  const { siteId, hubId } = event.source;
  await consumeOnce(
    { db: deps.db, table: schema.processedEvents, clock: deps.clock },
    "dispensing.hubs",
    event,
    async () => {
      const now = deps.clock.now();
      const d = event.data as Record<string, unknown> & { orderId?: string };
      const mine = (from: readonly Status[]) =>
        and(
          eq(schema.orders.id, d.orderId!),
          eq(schema.orders.siteId, siteId),
          inArray(schema.orders.status, [...from]),
        );
      // A status only moves forward: an order refunded here stays refunded whatever a hub says later.
      const set = (status: Status, from: readonly Status[]): BatchItem<"sqlite">[] => [
        deps.db.update(schema.orders).set({ status, updatedAt: now }).where(mine(from)),
      ];
      switch (event.type) {
        case "order.created": {
          const o = d as unknown as {
            orderId: string;
            channel: "POS" | "ONLINE";
            items: schema.Item[];
            totalMinor: number;
            currency: string;
          };
          const at = Date.parse(event.occurredAt);
          return [
            deps.db
              .insert(schema.orders)
              .values({
                id: o.orderId,
                siteId,
                channel: o.channel,
                hubId: hubId ?? null,
                status: "PENDING",
                items: o.items,
                totalMinor: o.totalMinor,
                currency: o.currency,
                createdAt: at,
                updatedAt: now,
              })
              .onConflictDoNothing(),
          ];
        }
        case "order.paid": {
          // The day a hub's sale counts on (sales.ts) is the day the hub took the money.
          const paidAt = Date.parse(String(d.paidAt)) || Date.parse(event.occurredAt);
          return [
            deps.db
              .update(schema.orders)
              .set({ status: "PAID", paidAt, updatedAt: now })
              .where(mine(["PENDING"])),
          ];
        }
        case "order.completed":
          return [
            ...set("COMPLETED", ["PENDING", "PAID"]),
            // Handed over at a hub that had not heard of the refund yet (offline): the money went back and
            // the goods went out. Never silent: the order says so for a person to settle.
            deps.db
              .update(schema.orders)
              .set({ flag: "handed over at a hub after it was refunded or cancelled", updatedAt: now })
              .where(mine(["CANCELLED", "REFUNDED"])),
          ];
        case "order.cancelled":
          return set("CANCELLED", ["PENDING", "PAID"]);
        case "order.refunded":
          return set("REFUNDED", ["PENDING", "PAID", "COMPLETED"]);
        case "inventory.stock.moved": {
          if (!hubId) return [];
          const m = d as unknown as { productId: string; onHand: number };
          const row = { siteId, hubId, productId: m.productId, onHand: m.onHand, updatedAt: now };
          return [
            deps.db
              .insert(schema.stock)
              .values(row)
              .onConflictDoUpdate({ target: [schema.stock.hubId, schema.stock.productId], set: row }),
          ];
        }
        default:
          return [];
      }
    },
  );
}
