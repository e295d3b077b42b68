/** Analytics tables (ANALYTICS_DB): per-site per-day aggregates only, never a row per reading. */
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { processedEventsTable } from "../events/processed-events.ts";

/** One number per site, local day, metric and key (a unit, a currency and source, an alarm kind). */
export const daily = sqliteTable(
  "analytics_daily",
  {
    siteId: text("site_id").notNull(),
    /** The site's local date, YYYY-MM-DD. */
    day: text("day").notNull(),
    metric: text("metric").notNull(),
    key: text("key").notNull(),
    label: text("label").notNull().default(""),
    value: real("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.day, t.metric, t.key] })],
);

/** Each unit's configured range (from `equipment.configured`): minutes are judged against it. */
export const units = sqliteTable(
  "analytics_units",
  {
    siteId: text("site_id").notNull(),
    equipmentId: text("equipment_id").notNull(),
    name: text("name").notNull(),
    optimalMin: real("optimal_min").notNull(),
    optimalMax: real("optimal_max").notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.equipmentId] })],
);

/** An alarm's three times, so acknowledgement and clearance are paired with their raise in any arrival order. */
export const alarms = sqliteTable(
  "analytics_alarms",
  {
    siteId: text("site_id").notNull(),
    alarmId: text("alarm_id").notNull(),
    raisedAt: integer("raised_at"),
    acknowledgedAt: integer("acknowledged_at"),
    clearedAt: integer("cleared_at"),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.alarmId] })],
);

/** An outage in progress (a hub or a device offline since), closed into daily minutes when it ends. */
export const outages = sqliteTable(
  "analytics_outages",
  {
    siteId: text("site_id").notNull(),
    subject: text("subject").notNull(),
    since: integer("since").notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.subject] }), index("analytics_outages_site_idx").on(t.siteId)],
);

export const processedEvents = processedEventsTable();
