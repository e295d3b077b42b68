/** SiteLedger tables: one SQLite database per site, inside its Durable Object. */
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { ALARM_KINDS, ALARM_STATUSES } from "../../../shared/alarms/index.ts";
import { PRESENCE_STATUSES } from "../../../shared/protocol/index.ts";

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

/**
 * Alarms by id. Each lifecycle event fills its own columns and arrives in any order; `status` is then derived
 * from which steps are known (closed > cleared > acknowledged > raised), so order never changes the result.
 */
export const alarms = sqliteTable(
  "alarms",
  {
    alarmId: text("alarm_id").primaryKey(),
    equipmentId: text("equipment_id").notNull(),
    equipmentName: text("equipment_name"),
    kind: text("kind", { enum: ALARM_KINDS }),
    status: text("status", { enum: ALARM_STATUSES }).notNull(),
    temperature: real("temperature"),
    limit: real("limit_value"),
    peak: real("peak"),
    raisedAt: integer("raised_at"),
    acknowledgedAt: integer("acknowledged_at"),
    acknowledgedBy: text("acknowledged_by"),
    note: text("note"),
    escalatedAt: integer("escalated_at"),
    clearedAt: integer("cleared_at"),
    closedAt: integer("closed_at"),
    closedBy: text("closed_by"),
    correctiveAction: text("corrective_action"),
  },
  (t) => [index("alarms_status_idx").on(t.status), index("alarms_equipment_idx").on(t.equipmentId)],
);

/** Latest known state of each unit, from its rollups and alarms. */
export const equipment = sqliteTable("equipment", {
  equipmentId: text("equipment_id").primaryKey(),
  equipmentName: text("equipment_name"),
  openAlarms: integer("open_alarms").notNull(),
  lastTemperature: real("last_temperature"),
  /** occurredAt of the event that gave lastTemperature; older events never overwrite it. */
  lastEventAt: integer("last_event_at").notNull(),
  /** Start of the newest minute rollup. */
  lastReadingAt: integer("last_reading_at"),
  /** Limits seen on raised alarms, each with the raise time that set it (a newer raise wins). */
  limitLow: real("limit_low"),
  limitLowAt: integer("limit_low_at"),
  limitHigh: real("limit_high"),
  limitHighAt: integer("limit_high_at"),
  /** The configured range from `equipment.configured` (what the food-safety record is judged against). */
  rangeLow: real("range_low"),
  rangeHigh: real("range_high"),
  /** configuredAt of the event that set the range; an older configuration never overwrites a newer one. */
  configuredAt: integer("configured_at"),
  /** The configured equipment type and set temperature, from the same event. */
  equipmentType: text("equipment_type"),
  setTemperature: real("set_temperature"),
  updatedAt: integer("updated_at").notNull(),
});

/** Device presence as the hub last reported it. */
export const devices = sqliteTable("devices", {
  deviceId: text("device_id").primaryKey(),
  kind: text("kind").notNull(),
  name: text("name").notNull(),
  status: text("status", { enum: PRESENCE_STATUSES }).notNull(),
  equipmentId: text("equipment_id"),
  changedAt: integer("changed_at").notNull(),
});

/** When each hub last made contact, and whether sockets were last told it is online. */
export const hubContacts = sqliteTable("hub_contacts", {
  hubId: text("hub_id").primaryKey(),
  lastSeenAt: integer("last_seen_at").notNull(),
  announcedOnline: integer("announced_online", { mode: "boolean" }).notNull(),
});

/** Minute rollups per unit (the site's time series), `at` = minute start in epoch seconds; kept 400 days. */
export const readingsMinute = sqliteTable(
  "readings_minute",
  {
    equipmentId: text("equipment_id").notNull(),
    at: integer("at").notNull(),
    min: real("min").notNull(),
    max: real("max").notNull(),
    mean: real("mean").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.equipmentId, t.at] }), index("readings_minute_at_idx").on(t.at)],
);

/** Hour aggregates of minute rollups older than the minute retention; kept for good. */
export const readingsHour = sqliteTable(
  "readings_hour",
  {
    equipmentId: text("equipment_id").notNull(),
    at: integer("at").notNull(),
    min: real("min").notNull(),
    max: real("max").notNull(),
    mean: real("mean").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.equipmentId, t.at] })],
);

/** Views changed by the ingest transaction and not yet pushed to the live sockets (drained right after). */
export const liveChanges = sqliteTable(
  "live_changes",
  {
    kind: text("kind", { enum: ["equipment", "alarm", "device"] }).notNull(),
    key: text("key").notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.key] })],
);

/** Stored events not yet handed to the queue; written in the ingest transaction, emptied by flushes. */
export const outbox = sqliteTable("outbox", {
  eventId: text("event_id").primaryKey(),
  envelope: text("envelope").notNull(),
  createdAt: integer("created_at").notNull(),
});
