/** Billing's analytics rows (through its manifest): revenue per site, local day, currency and source. */
import type { EventData } from "../../shared/events/index.ts";
import type { ModuleAnalytics } from "../module/index.ts";

const REVENUE = "billing.revenue";

export const BILLING_ANALYTICS = {
  metrics: [{ id: REVENUE, label: "Revenue", unit: "money" }],
  patterns: ["payment.succeeded", "payment.refunded"],
  facts: (event, { day }) => {
    const d = event.data as EventData<"payment.succeeded"> | EventData<"payment.refunded">;
    // Key: currency and source (what was paid for), so revenue splits by both and never mixes currencies.
    const key = `${d.currency}:${d.payableKind}`;
    if (event.type === "payment.succeeded") {
      const paid = d as EventData<"payment.succeeded">;
      return [
        { siteId: event.source.siteId, day: day(paid.succeededAt), metric: REVENUE, key, add: paid.amount },
      ];
    }
    const refund = d as EventData<"payment.refunded">;
    return [
      {
        siteId: event.source.siteId,
        day: day(refund.refundedAt),
        metric: REVENUE,
        key,
        add: -refund.refundAmount,
      },
    ];
  },
} satisfies ModuleAnalytics<unknown>;
