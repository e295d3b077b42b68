/** Commands to devices: queued here, delivered until acknowledged or expired; they survive restarts. */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { ACK_STATUSES, COMMAND_STATUSES } from "../../../shared/protocol/index.ts";

export const commands = sqliteTable(
  "commands",
  {
    id: text("id").primaryKey(),
    deviceId: text("device_id").notNull(),
    name: text("name").notNull(),
    args: text("args", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    status: text("status", { enum: COMMAND_STATUSES }).notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
    firstSentAt: integer("first_sent_at"),
    lastSentAt: integer("last_sent_at"),
    /** When it became ACKNOWLEDGED, FAILED or EXPIRED. */
    finishedAt: integer("finished_at"),
    ackStatus: text("ack_status", { enum: ACK_STATUSES }),
    result: text("result", { mode: "json" }).$type<Record<string, unknown>>(),
    message: text("message"),
  },
  (t) => [
    index("commands_device_status_idx").on(t.deviceId, t.status),
    index("commands_status_expiry_idx").on(t.status, t.expiresAt),
  ],
);
