/** The heating module's cloud tables: each site's rooms, their thermostat settings and schedules, and device roles. */
import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

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
