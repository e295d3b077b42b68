/** Equipment alarms: RAISED until the condition clears. */
import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const alarms = sqliteTable(
  "alarms",
  {
    id: text("id").primaryKey(),
    equipmentId: text("equipment_id").notNull(),
    kind: text("kind", { enum: ["HIGH_TEMPERATURE", "LOW_TEMPERATURE"] }).notNull(),
    status: text("status", { enum: ["RAISED", "CLEARED"] }).notNull(),
    limit: real("limit").notNull(),
    triggerTemperature: real("trigger_temperature").notNull(),
    peakTemperature: real("peak_temperature").notNull(),
    raisedAt: integer("raised_at").notNull(),
    clearedAt: integer("cleared_at"),
  },
  (t) => [index("alarms_equipment_status_idx").on(t.equipmentId, t.status)],
);
