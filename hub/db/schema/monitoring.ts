/** Monitoring's own tables: rule settings, rule state (so a restart mid-excursion loses nothing), rollups, history. */
import { integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const alarmRules = sqliteTable("alarm_rules", {
  equipmentId: text("equipment_id").primaryKey(),
  config: text("config", { mode: "json" }).notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * WITHOUT ROWID in SQLite (migration 0010; drizzle cannot declare it), like rollups and
 * latest_readings: upserted every ingest batch. A migration that rebuilds one of these keeps it.
 */
export const monitoringState = sqliteTable("monitoring_state", {
  equipmentId: text("equipment_id").primaryKey(),
  state: text("state", { mode: "json" }).notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Per equipment, per minute and per hour: min, max, sum and count of temperatures (mean = sum / count).
 * WITHOUT ROWID (see monitoringState).
 */
export const rollups = sqliteTable(
  "rollups",
  {
    equipmentId: text("equipment_id").notNull(),
    resolution: text("resolution", { enum: ["minute", "hour"] }).notNull(),
    bucket: integer("bucket").notNull(),
    min: real("min").notNull(),
    max: real("max").notNull(),
    sum: real("sum").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.equipmentId, t.resolution, t.bucket] })],
);

/** Every change to a piece of equipment and every alarm event on it (seed 000 equipment_history). */
export const equipmentHistory = sqliteTable("equipment_history", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  equipmentId: text("equipment_id").notNull(),
  eventType: text("event_type").notNull(),
  data: text("data", { mode: "json" }),
  occurredAt: integer("occurred_at").notNull(),
});
