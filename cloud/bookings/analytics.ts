/** Bookings' analytics rows (through its manifest): bookings confirmed and booked amounts per organisation and day. */
import { eq } from "drizzle-orm";
import { localTime } from "../../shared/clock/index.ts";
import type { EventData } from "../../shared/events/index.ts";
import type { ModuleAnalytics } from "../module/index.ts";
import { type BookingsDeps, schema } from "./db.ts";

export const BOOKING_METRICS = { confirmed: "bookings.confirmed", booked: "bookings.booked" } as const;

const pad = (n: number) => String(n).padStart(2, "0");

export const BOOKINGS_ANALYTICS = {
  metrics: [
    { id: BOOKING_METRICS.confirmed, label: "Bookings confirmed", unit: "count" },
    { id: BOOKING_METRICS.booked, label: "Booked", unit: "money" },
  ],
  patterns: ["booking.confirmed"],
  // Rows are keyed by the event's source, `org:<organiser>` (there is no site). Its day is the organiser's own
  // local date: the analytics module knows only sites' zones (it answers UTC for an organisation).
  facts: async (event, _ctx, deps) => {
    const d = event.data as EventData<"booking.confirmed">;
    const org = await deps.db
      .select({ timeZone: schema.organisations.timeZone })
      .from(schema.organisations)
      .where(eq(schema.organisations.id, d.organiserId))
      .get();
    if (!org) throw new Error(`bookings analytics: organiser ${d.organiserId} is not known`);
    const t = localTime(Date.parse(d.at), org.timeZone);
    const day = `${t.year}-${pad(t.month)}-${pad(t.day)}`;
    const siteId = event.source.siteId;
    return [
      { siteId, day, metric: BOOKING_METRICS.confirmed, key: "", add: 1 },
      { siteId, day, metric: BOOKING_METRICS.booked, key: d.currency, add: d.total, label: d.currency },
    ];
  },
} satisfies ModuleAnalytics<BookingsDeps>;
