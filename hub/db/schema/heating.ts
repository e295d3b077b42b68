/** Room heating (seed 004): rooms in spaces, their paired devices by role, thermostat state, energy per room and day. */
import { integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { RoomSettingsInput } from "../../../shared/heating/section.ts";
import type { RoomState } from "../../../shared/heating/thermostat.ts";

export const heatingRooms = sqliteTable("heating_rooms", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /** The space (flat, house) the room is in; spaces come from the cloud with their rooms. */
  space: text("space").notNull(),
  /** The cloud's settings, as last applied from desired state. */
  settings: text("settings", { mode: "json" }).$type<RoomSettingsInput>().notNull(),
  /** Changes made at the hub (mode, set point), laid over `settings` until a newer cloud change. */
  local: text("local", { mode: "json" }).$type<Partial<RoomSettingsInput>>().notNull().default({}),
  cloudChangedAt: integer("cloud_changed_at").notNull().default(0),
  hubChangedAt: integer("hub_changed_at"),
  /** The thermostat's carried state (holds, switches, learned warm-up rate). */
  state: text("state", { mode: "json" }).$type<RoomState>().notNull(),
  temperature: real("temperature"),
  humidity: real("humidity"),
  temperatureAt: integer("temperature_at"),
  target: real("target"),
  source: text("source"),
  reason: text("reason"),
  predictedStart: integer("predicted_start"),
  /** The meters' last power reading, integrated into energy at the next one. */
  powerW: real("power_w"),
  powerAt: integer("power_at"),
  /** Switch commands last sent per heater: `{ deviceId: commandId }`, checked for acks and state. */
  commands: text("commands", { mode: "json" }).$type<Record<string, string>>().notNull().default({}),
  /** Failure alarms already raised per heater command, so one cause alarms once. */
  alarmed: text("alarmed", { mode: "json" }).$type<string[]>().notNull().default([]),
  /** When the room's live status last went up to the cloud. */
  statusAt: integer("status_at"),
  updatedAt: integer("updated_at").notNull(),
});

/** Paired devices bound to a room, by role (a device is in one room). */
export const heatingRoomDevices = sqliteTable("heating_room_devices", {
  deviceId: text("device_id").primaryKey(),
  roomId: text("room_id").notNull(),
  role: text("role", { enum: ["HEATER", "SENSOR", "CONTROLLER", "METER"] }).notNull(),
});

/** Energy and heating time per room and local day (site time zone); sent up once the day is over. */
export const heatingEnergy = sqliteTable(
  "heating_energy",
  {
    roomId: text("room_id").notNull(),
    day: text("day").notNull(),
    wh: real("wh").notNull().default(0),
    heatingMs: integer("heating_ms").notNull().default(0),
    sentAt: integer("sent_at"),
  },
  (t) => [primaryKey({ columns: [t.roomId, t.day] })],
);
