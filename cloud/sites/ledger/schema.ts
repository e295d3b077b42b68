/** SiteLedger tables: one SQLite database per site, inside its Durable Object. */
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Every event the site's hubs have synced, once by id; `seq` counts within the hub's `lane`. */
export const events = sqliteTable(
  "events",
  {
    id: text("id").primaryKey(),
    hubId: text("hub_id").notNull(),
    lane: text("lane").notNull().default("priority"),
    seq: integer("seq").notNull(),
    type: text("type").notNull(),
    occurredAt: integer("occurred_at").notNull(),
    envelope: text("envelope").notNull(),
    receivedAt: integer("received_at").notNull(),
  },
  (t) => [index("events_hub_lane_seq_idx").on(t.hubId, t.lane, t.seq), index("events_type_idx").on(t.type)],
);

/** Per hub and lane, the highest seq below which every slot is filled (what the hub may mark as sent). */
export const hubCursors = sqliteTable(
  "hub_lane_cursors",
  {
    hubId: text("hub_id").notNull(),
    lane: text("lane").notNull(),
    ackedSeq: integer("acked_seq").notNull(),
  },
  (t) => [primaryKey({ columns: [t.hubId, t.lane] })],
);

/**
 * Seqs received above a lane's cursor, each with the event that filled it. A seq whose event id the ledger
 * already holds (the hub sent one event twice, under two seqs) still fills its slot, so it never blocks the
 * cursor. Slots at or below the cursor are pruned.
 */
export const seqSlots = sqliteTable(
  "hub_seq_slots",
  {
    hubId: text("hub_id").notNull(),
    lane: text("lane").notNull(),
    seq: integer("seq").notNull(),
    eventId: text("event_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.hubId, t.lane, t.seq] })],
);

export const ALARM_STATUSES = ["OPEN", "CLEARED"] as const;
export type AlarmStatus = (typeof ALARM_STATUSES)[number];

/** Alarms by id; raised fields and cleared fields arrive in either order. */
export const alarms = sqliteTable(
  "alarms",
  {
    alarmId: text("alarm_id").primaryKey(),
    equipmentId: text("equipment_id").notNull(),
    equipmentName: text("equipment_name"),
    kind: text("kind").notNull(),
    status: text("status", { enum: ALARM_STATUSES }).notNull(),
    temperature: real("temperature"),
    limit: real("limit_value"),
    peak: real("peak"),
    raisedAt: integer("raised_at"),
    clearedAt: integer("cleared_at"),
  },
  (t) => [index("alarms_status_idx").on(t.status), index("alarms_equipment_idx").on(t.equipmentId)],
);

/** Latest known state of each piece of equipment, derived from its events (rollups come later). */
export const equipment = sqliteTable("equipment", {
  equipmentId: text("equipment_id").primaryKey(),
  equipmentName: text("equipment_name"),
  openAlarms: integer("open_alarms").notNull(),
  lastTemperature: real("last_temperature"),
  /** occurredAt of the event that gave lastTemperature; older events never overwrite it. */
  lastEventAt: integer("last_event_at").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/** Stored events not yet handed to the queue; written in the ingest transaction, emptied by flushes. */
export const outbox = sqliteTable("outbox", {
  eventId: text("event_id").primaryKey(),
  envelope: text("envelope").notNull(),
  createdAt: integer("created_at").notNull(),
});
