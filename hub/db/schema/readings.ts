/** Raw telemetry readings; hub receive time is kept next to the device's own time. Queried by (equipment, ts) only: each extra index costs every insert. */
import { index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const readings = sqliteTable(
  "readings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    equipmentId: text("equipment_id").notNull(),
    deviceId: text("device_id").notNull(),
    /** The device's own timestamp, as sent. */
    deviceTs: integer("device_ts"),
    receivedAt: integer("received_at").notNull(),
    /** The time the reading stands for: the device's when plausible, else the hub's. */
    ts: integer("ts").notNull().default(0),
    /** True when the device's time was implausible and `ts` is the hub's receive time. */
    tsFlagged: integer("ts_flagged", { mode: "boolean" }).notNull().default(false),
    temperature: real("temperature"),
    doorOpen: integer("door_open", { mode: "boolean" }),
    defrost: integer("defrost", { mode: "boolean" }),
    compressorOn: integer("compressor_on", { mode: "boolean" }),
    powerW: real("power_w"),
  },
  (t) => [index("readings_equipment_ts_idx").on(t.equipmentId, t.ts)],
);

/**
 * The latest reading of each piece of equipment, kept in the transaction that inserts it, so
 * "each unit with its current reading" costs one lookup a unit whatever the history's length.
 * WITHOUT ROWID (migration 0010): the ingest writer relies on writing it leaving last_insert_rowid()
 * at the batch's last reading (hub/monitoring/recorder.ts).
 */
export const latestReadings = sqliteTable("latest_readings", {
  equipmentId: text("equipment_id").primaryKey(),
  readingId: integer("reading_id").notNull(),
});
