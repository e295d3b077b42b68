/** The marketplace's analytics rows (through its manifest): requests, completions, ratings, and its service times. */
import { and, asc, eq } from "drizzle-orm";
import type { EventData, EventEnvelope } from "../../shared/events/index.ts";
import type { AnalyticsFact, FactContext, ModuleAnalytics } from "../module/index.ts";
import type { MarketplaceDeps } from "./deps.ts";
import * as schema from "./schema.ts";

/** Means are kept as a sum and a count per day, so any range's mean is sum / count (never a mean of means). */
export const SERVICE = {
  requests: "marketplace.requests",
  completed: "marketplace.completed",
  ratingSum: "marketplace.rating.sum",
  ratings: "marketplace.rating.count",
  firstBidMinutes: "marketplace.first-bid.minutes",
  firstBids: "marketplace.first-bid.count",
  acceptMinutes: "marketplace.accept.minutes",
  accepts: "marketplace.accept.count",
  completionMinutes: "marketplace.completion.minutes",
  completions: "marketplace.completion.count",
} as const;

/** When the request was opened: the events carry only its id, the marketplace's own rows carry the time. */
async function requestOpenedAt(deps: MarketplaceDeps, requestId: string): Promise<number | null> {
  const [r] = await deps.db
    .select({ createdAt: schema.serviceRequests.createdAt })
    .from(schema.serviceRequests)
    .where(eq(schema.serviceRequests.id, requestId));
  return r?.createdAt ?? null;
}

/** A duration from the request's opening to `at`, as a sum and a count on `at`'s day. */
function duration(
  siteId: string,
  day: string,
  openedAt: number | null,
  at: string,
  sum: string,
  count: string,
): AnalyticsFact[] {
  if (openedAt === null) return [];
  const minutes = Math.max(0, Math.round((Date.parse(at) - openedAt) / 60_000));
  return [
    { siteId, day, metric: sum, key: "", add: minutes },
    { siteId, day, metric: count, key: "", add: 1 },
  ];
}

async function facts(event: EventEnvelope, { day }: FactContext, deps: MarketplaceDeps) {
  const siteId = event.source.siteId;
  const one = (metric: string, iso: string, add = 1): AnalyticsFact[] => [
    { siteId, day: day(iso), metric, key: "", add },
  ];
  switch (event.type) {
    case "service.request.created": {
      const d = event.data as EventData<"service.request.created">;
      return one(SERVICE.requests, d.createdAt);
    }
    case "service.bid.placed": {
      const d = event.data as EventData<"service.bid.placed">;
      // Only the request's earliest bid counts (bids are never deleted, so the answer never changes on retry).
      const [first] = await deps.db
        .select({ id: schema.bids.id })
        .from(schema.bids)
        .where(eq(schema.bids.requestId, d.requestId))
        .orderBy(asc(schema.bids.createdAt), asc(schema.bids.id))
        .limit(1);
      if (first?.id !== d.bidId) return [];
      const opened = await requestOpenedAt(deps, d.requestId);
      return duration(
        siteId,
        day(d.placedAt),
        opened,
        d.placedAt,
        SERVICE.firstBidMinutes,
        SERVICE.firstBids,
      );
    }
    case "service.bid.accepted": {
      const d = event.data as EventData<"service.bid.accepted">;
      const opened = await requestOpenedAt(deps, d.requestId);
      return duration(
        siteId,
        day(d.acceptedAt),
        opened,
        d.acceptedAt,
        SERVICE.acceptMinutes,
        SERVICE.accepts,
      );
    }
    case "work.order.completed": {
      const d = event.data as EventData<"work.order.completed">;
      const [o] = await deps.db
        .select({ requestId: schema.workOrders.requestId })
        .from(schema.workOrders)
        .where(and(eq(schema.workOrders.id, d.workOrderId), eq(schema.workOrders.siteId, d.siteId)));
      const opened = o ? await requestOpenedAt(deps, o.requestId) : null;
      return [
        ...one(SERVICE.completed, d.completedAt),
        ...duration(
          siteId,
          day(d.completedAt),
          opened,
          d.completedAt,
          SERVICE.completionMinutes,
          SERVICE.completions,
        ),
      ];
    }
    case "work.order.feedback.submitted": {
      const d = event.data as EventData<"work.order.feedback.submitted">;
      return [...one(SERVICE.ratingSum, d.submittedAt, d.rating), ...one(SERVICE.ratings, d.submittedAt)];
    }
    default:
      return [];
  }
}

export const MARKETPLACE_ANALYTICS = {
  metrics: [
    { id: SERVICE.requests, label: "Service requests opened", unit: "count" },
    { id: SERVICE.completed, label: "Work orders completed", unit: "count" },
    { id: SERVICE.ratingSum, label: "Ratings (sum of stars)", unit: "count" },
    { id: SERVICE.ratings, label: "Ratings", unit: "count" },
    { id: SERVICE.firstBidMinutes, label: "Time to first bid (sum)", unit: "minutes" },
    { id: SERVICE.firstBids, label: "Requests with a first bid", unit: "count" },
    { id: SERVICE.acceptMinutes, label: "Time to acceptance (sum)", unit: "minutes" },
    { id: SERVICE.accepts, label: "Bids accepted", unit: "count" },
    { id: SERVICE.completionMinutes, label: "Time to completion (sum)", unit: "minutes" },
    { id: SERVICE.completions, label: "Completions timed", unit: "count" },
  ],
  patterns: [
    "service.request.created",
    "service.bid.placed",
    "service.bid.accepted",
    "work.order.completed",
    "work.order.feedback.submitted",
  ],
  facts,
} satisfies ModuleAnalytics<MarketplaceDeps>;
