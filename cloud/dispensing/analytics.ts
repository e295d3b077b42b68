/** Dispensing's analytics rows (through its manifest): orders paid and completed, sales revenue, best sellers. */
import { eq } from "drizzle-orm";
import type { EventData, EventEnvelope } from "../../shared/events/index.ts";
import type { AnalyticsFact, FactContext, ModuleAnalytics } from "../module/index.ts";
import { type DispensingDeps, PAYABLE_KIND } from "./orders.ts";
import * as schema from "./schema.ts";

export const SALES = {
  orders: "dispensing.orders",
  completed: "dispensing.completed",
  revenue: "dispensing.revenue",
  units: "dispensing.units",
  refunds: "dispensing.refunds",
} as const;

type Order = Pick<typeof schema.orders.$inferSelect, "items" | "totalMinor" | "currency" | "accountId">;

/**
 * A hub's order.paid / order.refunded carry no items (and a refund no amount): they come from the order as the
 * hub's order.created projected it (the outbox sends created first, and it is consumed before). An order not
 * known yet throws, so this consumer alone is retried; a guess would be a wrong figure.
 */
async function orderOf(deps: DispensingDeps, id: string): Promise<Order> {
  const [o] = await deps.db
    .select({
      items: schema.orders.items,
      totalMinor: schema.orders.totalMinor,
      currency: schema.orders.currency,
      accountId: schema.orders.accountId,
    })
    .from(schema.orders)
    .where(eq(schema.orders.id, id));
  if (!o) throw new Error(`dispensing analytics: order ${id} is not known yet`);
  return o;
}

/** A sale (sign 1) or its refund (sign -1) of `o` on `day`: the order, its revenue, its units per product. */
function sale(siteId: string, day: string, o: Order, sign: 1 | -1, revenue: number): AnalyticsFact[] {
  return [
    { siteId, day, metric: SALES.orders, key: "", add: sign },
    { siteId, day, metric: SALES.revenue, key: o.currency, add: sign * revenue, label: o.currency },
    ...(sign === -1 ? [{ siteId, day, metric: SALES.refunds, key: "", add: 1 }] : []),
    ...o.items.map((i) => ({
      siteId,
      day,
      metric: SALES.units,
      key: i.productId,
      add: sign * i.quantity,
      label: i.name,
    })),
  ];
}

async function facts(event: EventEnvelope, { day }: FactContext, deps: DispensingDeps) {
  const siteId = event.source.siteId;
  switch (event.type) {
    // A hub's order (online orders are paid through billing and counted below, never here).
    case "order.paid": {
      const d = event.data as EventData<"order.paid">;
      const o = await orderOf(deps, d.orderId);
      return sale(siteId, day(d.paidAt), o, 1, d.totalMinor);
    }
    case "order.refunded": {
      const d = event.data as EventData<"order.refunded">;
      const o = await orderOf(deps, d.orderId);
      // A hub refunds only its own paid orders; an online order's refund goes through billing.
      if (o.accountId) return [];
      return sale(siteId, day(d.at), o, -1, o.totalMinor);
    }
    case "order.completed": {
      const d = event.data as EventData<"order.completed">;
      return [{ siteId, day: day(d.at), metric: SALES.completed, key: "", add: 1 }];
    }
    case "payment.succeeded":
    case "payment.refunded": {
      const d = event.data as EventData<"payment.succeeded"> | EventData<"payment.refunded">;
      if (d.payableKind !== PAYABLE_KIND) return [];
      const o = await orderOf(deps, d.payableId);
      if (event.type === "payment.succeeded")
        return sale(siteId, day((d as EventData<"payment.succeeded">).succeededAt), o, 1, d.amount);
      const r = d as EventData<"payment.refunded">;
      // A partial refund takes back money, not the whole order and its units.
      if (!r.fullyRefunded)
        return [
          { siteId, day: day(r.refundedAt), metric: SALES.revenue, key: o.currency, add: -r.refundAmount },
        ];
      return sale(siteId, day(r.refundedAt), o, -1, r.refundAmount);
    }
    default:
      return [];
  }
}

export const DISPENSING_ANALYTICS = {
  metrics: [
    { id: SALES.orders, label: "Orders paid", unit: "count" },
    { id: SALES.completed, label: "Orders completed", unit: "count" },
    { id: SALES.revenue, label: "Sales", unit: "money" },
    { id: SALES.units, label: "Units sold", unit: "count" },
    { id: SALES.refunds, label: "Orders refunded", unit: "count" },
  ],
  patterns: ["order.paid", "order.completed", "order.refunded", "payment.succeeded", "payment.refunded"],
  facts,
} satisfies ModuleAnalytics<DispensingDeps>;
