/**
 * What bookings tells people, and who: bookings and invoices concern the organiser's and the crew company's
 * people (there is no site), so the audience is both organisations' members.
 */
import { inArray } from "drizzle-orm";
import { type ModuleNotifications, textDescribers } from "../module/index.ts";
import type { BookingsDeps } from "./db.ts";
import { BOOKINGS_SAMPLES } from "./describer-samples.ts";
import { BOOKINGS_DESCRIBERS } from "./describers.ts";
import * as schema from "./schema.ts";

export const BOOKINGS_NOTIFICATIONS = {
  categories: [
    { id: "bookings.bookings", label: "Bookings", defaultChannels: ["in_app", "email"] },
    { id: "bookings.invoices", label: "Invoices", defaultChannels: ["in_app", "email"] },
  ],
  describers: textDescribers(BOOKINGS_DESCRIBERS, BOOKINGS_SAMPLES, (type) =>
    type.startsWith("invoice.") ? "bookings.invoices" : "bookings.bookings",
  ),
  audience: async (event, deps) => {
    const data = event.data as { organiserId?: string; companyId?: string };
    const orgs = [data.organiserId, data.companyId].filter((id): id is string => typeof id === "string");
    if (orgs.length === 0) return [];
    const rows = await deps.db
      .select({ userId: schema.orgMembers.userId })
      .from(schema.orgMembers)
      .where(inArray(schema.orgMembers.orgId, orgs))
      .all();
    return rows.map((r) => r.userId);
  },
} satisfies ModuleNotifications<BookingsDeps>;
