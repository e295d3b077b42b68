/** The device log (seed 004 device_logs): connections, births, events, faults and errors, per device. */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const DEVICE_LOG_LEVELS = ["info", "warn", "error"] as const;

export const deviceLogs = sqliteTable(
  "device_logs",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    deviceId: text("device_id").notNull(),
    level: text("level", { enum: DEVICE_LOG_LEVELS }).notNull(),
    /** What happened: connected, disconnected, birth, status, event, fault, error, revoked, … */
    type: text("type").notNull(),
    message: text("message").notNull(),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>(),
    /** Device time when the device gave one, otherwise hub receive time. */
    occurredAt: integer("occurred_at").notNull(),
    recordedAt: integer("recorded_at").notNull(),
  },
  (t) => [index("device_logs_device_idx").on(t.deviceId, t.id)],
);
