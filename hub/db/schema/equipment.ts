/** Cold-chain equipment (seed 000 fields that monitoring needs), bound to the device that measures it. */
import { integer, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { EQUIPMENT_TYPES } from "../../../shared/equipment/index.ts";
import { devices } from "./devices.ts";

export const equipment = sqliteTable(
  "equipment",
  {
    id: text("id").primaryKey(),
    deviceId: text("device_id").references(() => devices.id),
    name: text("name").notNull(),
    type: text("type", { enum: EQUIPMENT_TYPES }).notNull(),
    model: text("model"),
    manufacturer: text("manufacturer"),
    serialNumber: text("serial_number"),
    code: text("code"),
    setTemperature: real("set_temperature").notNull(),
    optimalMin: real("optimal_min").notNull(),
    optimalMax: real("optimal_max").notNull(),
    locationName: text("location_name"),
    locationAddress: text("location_address"),
    locationLat: real("location_lat"),
    locationLon: real("location_lon"),
    isPoweredOn: integer("is_powered_on", { mode: "boolean" }).notNull().default(true),
    energyCurrent: real("energy_consumption_current"),
    energyAverage: real("energy_consumption_average"),
    energyUnit: text("energy_consumption_unit").notNull().default("kWh"),
    ownershipType: text("ownership_type", { enum: ["OWNED", "RENTED"] })
      .notNull()
      .default("OWNED"),
    notes: text("notes"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("equipment_device_uq").on(t.deviceId),
    uniqueIndex("equipment_serial_uq").on(t.serialNumber),
  ],
);
