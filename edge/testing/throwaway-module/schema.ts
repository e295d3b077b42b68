/** The throwaway module's tables: what its consumer saw, and the events it already applied. */
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { processedEventsTable } from "../../../cloud/events/index.ts";

export const sightings = sqliteTable("sightings", {
  eventId: text("event_id").primaryKey(),
  type: text("type").notNull(),
  seenAt: integer("seen_at").notNull(),
});

export const processedEvents = processedEventsTable();
