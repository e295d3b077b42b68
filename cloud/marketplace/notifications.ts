/**
 * What the marketplace tells people, and who: the site's members hear about their requests and work orders; a
 * provider's own people hear that their bid was accepted or declined and what work they were given; a new
 * request reaches, besides the site's members, the people of every provider whose area and kinds of work cover it.
 */
import { eq, inArray } from "drizzle-orm";
import { type ModuleNotifications, textDescribers } from "../module/index.ts";
import type { MarketplaceDeps } from "./deps.ts";
import { MARKETPLACE_DESCRIBERS } from "./describers.ts";
import { MARKETPLACE_SAMPLES } from "./event-samples.ts";
import { nearbyProviders } from "./providers.ts";
import * as schema from "./schema.ts";

const PROVIDER_EVENTS = new Set([
  "service.bid.accepted",
  "service.bid.declined",
  "work.order.assigned",
  "work.order.scheduled",
  "work.order.paid",
  "work.order.feedback.submitted",
]);

export const MARKETPLACE_NOTIFICATIONS = {
  categories: [
    { id: "service.requests", label: "Service requests and bids", defaultChannels: ["in_app", "email"] },
    { id: "service.work", label: "Work orders", defaultChannels: ["in_app", "email"] },
    { id: "service.support", label: "Support tickets", defaultChannels: ["in_app"] },
  ],
  describers: textDescribers(MARKETPLACE_DESCRIBERS, MARKETPLACE_SAMPLES, (type) =>
    type.startsWith("support.")
      ? "service.support"
      : type.startsWith("work.")
        ? "service.work"
        : "service.requests",
  ),
  audience: async (event, deps) => {
    if (event.type === "service.request.created")
      return requestAudience(deps, event.data as { requestId: string });
    const providerId = (event.data as { providerId?: unknown }).providerId;
    if (!PROVIDER_EVENTS.has(event.type) || typeof providerId !== "string") return null;
    const rows = await deps.db
      .select({ userId: schema.providerMembers.userId })
      .from(schema.providerMembers)
      .where(eq(schema.providerMembers.providerId, providerId))
      .all();
    return rows.map((r) => r.userId);
  },
} satisfies ModuleNotifications<MarketplaceDeps>;

/** The site's members and the people of the providers in reach of the request (by distance and kind of work). */
async function requestAudience(deps: MarketplaceDeps, data: { requestId: string }) {
  const request = await deps.db
    .select()
    .from(schema.serviceRequests)
    .where(eq(schema.serviceRequests.id, data.requestId))
    .get();
  if (!request) return null;
  const members = (await deps.siteMembers(request.siteId)).map((m) => m.userId);
  const near = await nearbyProviders(
    deps,
    { lat: request.latitude, lon: request.longitude },
    request.serviceType,
  );
  if (near.length === 0) return members;
  const crew = await deps.db
    .select({ userId: schema.providerMembers.userId })
    .from(schema.providerMembers)
    .where(
      inArray(
        schema.providerMembers.providerId,
        near.map((p) => p.id),
      ),
    );
  return [...new Set([...members, ...crew.map((c) => c.userId)])];
}
