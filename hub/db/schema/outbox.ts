/** The hub's outbox: every event, written in the transaction that made it; `seq` orders sync. */
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const outbox = sqliteTable("outbox", {
  seq: integer("seq").primaryKey({ autoIncrement: true }),
  eventId: text("event_id").notNull().unique(),
  type: text("type").notNull(),
  envelope: text("envelope", { mode: "json" }).notNull(),
  createdAt: integer("created_at").notNull(),
  sentAt: integer("sent_at"),
});

/** Small key/value store for the hub's own identity and cloud binding. */
export const hubSettings = sqliteTable("hub_settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull(),
});
