/** The heating module's cloud tables: each site's rooms, their thermostat settings and schedules, and device roles. */
import { integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { processedEventsTable } from "../events/processed-events.ts";

export const heatingRooms = sqliteTable(
  "heating_rooms",
  {
    siteId: text("site_id").notNull(),
    id: text("id").notNull(),
    name: text("name").notNull(),
    space: text("space").notNull(),
    /** RoomSettingsInput as JSON (shared/heating/section.ts). */
    settings: text("settings").notNull(),
    /** [{ deviceId, role }] as JSON. */
    devices: text("devices").notNull(),
    /** When an owner last changed the room: the hub's offline override wins only until a change after it. */
    changedAt: integer("changed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.id] })],
);

/** Each room as its hub last said (heating.room.status): the owner app's live view; a later status only replaces an earlier one. */
export const heatingLive = sqliteTable(
  "heating_live",
  {
    siteId: text("site_id").notNull(),
    roomId: text("room_id").notNull(),
    temperature: real("temperature"),
    target: real("target"),
    heaterOn: integer("heater_on", { mode: "boolean" }).notNull(),
    source: text("source").notNull(),
    reason: text("reason").notNull(),
    switchesLastHour: integer("switches_last_hour").notNull(),
    maxSwitchesPerHour: integer("max_switches_per_hour").notNull(),
    predictedStart: integer("predicted_start"),
    at: integer("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.roomId] })],
);

export const processedEvents = processedEventsTable();
