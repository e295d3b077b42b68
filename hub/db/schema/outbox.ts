/** The hub's outbox: every event, written in the transaction that made it; `seq` orders sync. */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * `lane` and `laneSeq` are given by the sync agent (one writer), not by the many insert paths: it numbers
 * unsent rows 1, 2, 3 … per lane in seq order just before sending (hub/outbox/lanes.ts).
 */
export const outbox = sqliteTable(
  "outbox",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    eventId: text("event_id").notNull().unique(),
    type: text("type").notNull(),
    envelope: text("envelope", { mode: "json" }).notNull(),
    createdAt: integer("created_at").notNull(),
    sentAt: integer("sent_at"),
    lane: text("lane", { enum: ["priority", "bulk"] })
      .notNull()
      .default("priority"),
    laneSeq: integer("lane_seq"),
  },
  (t) => [
    uniqueIndex("outbox_lane_seq_idx").on(t.lane, t.laneSeq),
    index("outbox_unsent_idx").on(t.sentAt, t.lane, t.seq),
  ],
);

/** Small key/value store for the hub's own identity and cloud binding. */
export const hubSettings = sqliteTable("hub_settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull(),
});
