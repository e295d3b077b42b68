/** Notifications tables (NOTIFICATIONS_DB): in-app notifications and the events already turned into them. */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
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
    category: text("category").notNull().default(""),
    link: text("link"),
    critical: integer("critical", { mode: "boolean" }).notNull().default(false),
    /** The site's zone when it was made: the centre writes its time there, as the body does. */
    timeZone: text("time_zone"),
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

/** A person's choice per category and channel (absent: the category's default). */
export const preferences = sqliteTable(
  "notification_preferences",
  {
    userId: text("user_id").notNull(),
    category: text("category").notNull(),
    channel: text("channel").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.category, t.channel] })],
);

/** A person's quiet hours (local minutes of the day in `timeZone`), digest and episode choices. */
export const settings = sqliteTable("notification_settings", {
  userId: text("user_id").primaryKey(),
  /** Null: no quiet hours. Minutes since local midnight; start > end spans midnight. */
  quietStart: integer("quiet_start"),
  quietEnd: integer("quiet_end"),
  timeZone: text("time_zone").notNull(),
  /** Non-critical email goes into one daily digest instead of one message each. */
  digest: integer("digest", { mode: "boolean" }).notNull().default(false),
  /** Every change of an alarm, not only one message per episode. */
  everyChange: integer("every_change", { mode: "boolean" }).notNull().default(false),
  /** The local date (YYYY-MM-DD) of the last digest sent. */
  lastDigestDay: text("last_digest_day"),
});

/** Alarm episodes seen: a clearance reaches people only when its episode was escalated. */
export const episodes = sqliteTable("notification_episodes", {
  key: text("key").primaryKey(),
  escalated: integer("escalated", { mode: "boolean" }).notNull().default(false),
});

/**
 * Messages to send outside the app (email, push): due now, at the end of the person's quiet hours, or held for
 * the digest (`dueAt` null). `sentAt` is stamped once sent.
 */
export const deliveries = sqliteTable(
  "notification_deliveries",
  {
    id: text("id").primaryKey(),
    notificationId: text("notification_id").notNull(),
    userId: text("user_id").notNull(),
    channel: text("channel").notNull(),
    dueAt: integer("due_at"),
    sentAt: integer("sent_at"),
  },
  (t) => [index("notification_deliveries_due_idx").on(t.sentAt, t.dueAt)],
);

/** A browser's push subscription (RFC 8030 endpoint, RFC 8291 keys), one per person per device. */
export const pushSubscriptions = sqliteTable(
  "push_subscriptions",
  {
    endpoint: text("endpoint").primaryKey(),
    userId: text("user_id").notNull(),
    /** The browser's P-256 public key (uncompressed point) and auth secret, base64url. */
    p256dh: text("p256dh").notNull(),
    auth: text("auth").notNull(),
    device: text("device").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("push_subscriptions_user_idx").on(t.userId)],
);

/** The generated VAPID key pair outside production (one row; every isolate signs with the same key). */
export const vapidKeys = sqliteTable("vapid_keys", {
  id: text("id").primaryKey(),
  privateJwk: text("private_jwk").notNull(),
  createdAt: integer("created_at").notNull(),
});
