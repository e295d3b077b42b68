/** Remote actions the hub has applied (by the cloud's action id), and whether their result reached the cloud. */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const remoteActions = sqliteTable(
  "remote_actions",
  {
    id: text("id").primaryKey(),
    kind: text("kind").notNull(),
    target: text("target").notNull(),
    byUserId: text("by_user_id").notNull(),
    byName: text("by_name").notNull(),
    status: text("status", { enum: ["APPLIED", "FAILED"] }).notNull(),
    result: text("result", { mode: "json" }),
    appliedAt: integer("applied_at").notNull(),
    reportedAt: integer("reported_at"),
  },
  (t) => [index("remote_actions_unreported_idx").on(t.reportedAt)],
);
