/** Notifications tables (NOTIFICATIONS_DB): in-app notifications and the events already turned into them. */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { processedEventsTable } from "../events/processed-events.ts";

export const notifications = sqliteTable(
  "notifications",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    siteId: text("site_id").notNull(),
    eventId: text("event_id").notNull(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    createdAt: integer("created_at").notNull(),
    readAt: integer("read_at"),
  },
  (t) => [
    index("notifications_user_idx").on(t.userId, t.createdAt),
    // One notification per event per person, whatever the redelivery.
    uniqueIndex("notifications_event_user_idx").on(t.eventId, t.userId),
  ],
);

/** Idempotent consumption (design: Events): the event id is recorded in the same batch as its effect. */
export const processedEvents = processedEventsTable();

/**
 * Outgoing email. Every message is written here first; a provider delivers and stamps `sentAt`. In
 * development and tests no provider is configured and this table is the capture outbox.
 */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: text("id").primaryKey(),
    recipient: text("recipient").notNull(),
    template: text("template").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    createdAt: integer("created_at").notNull(),
    sentAt: integer("sent_at"),
  },
  (t) => [index("email_outbox_recipient_idx").on(t.recipient, t.createdAt)],
);
