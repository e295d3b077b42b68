/** Equipment alarms: RAISED → ACKNOWLEDGED (by a named person) → CLEARED → CLOSED (with a corrective action). */
import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { ALARM_KINDS, ALARM_STATUSES } from "../../../shared/alarms/index.ts";

export const alarms = sqliteTable(
  "alarms",
  {
    id: text("id").primaryKey(),
    equipmentId: text("equipment_id").notNull(),
    kind: text("kind", { enum: ALARM_KINDS }).notNull(),
    status: text("status", { enum: ALARM_STATUSES }).notNull(),
    /** The limit crossed (°C) for temperature alarms. */
    limit: real("limit"),
    triggerTemperature: real("trigger_temperature"),
    peakTemperature: real("peak_temperature"),
    raisedAt: integer("raised_at").notNull(),
    acknowledgedAt: integer("acknowledged_at"),
    acknowledgedBy: text("acknowledged_by"),
    acknowledgementNote: text("acknowledgement_note"),
    escalatedAt: integer("escalated_at"),
    clearedAt: integer("cleared_at"),
    closedAt: integer("closed_at"),
    closedBy: text("closed_by"),
    correctiveAction: text("corrective_action"),
  },
  (t) => [
    index("alarms_equipment_status_idx").on(t.equipmentId, t.status),
    index("alarms_status_raised_idx").on(t.status, t.raisedAt),
  ],
);
