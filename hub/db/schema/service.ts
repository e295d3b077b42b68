/** Service (marketplace) on the hub: the site's open work orders from desired state, and technicians' visits. */
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Replaced whole by each `service` section: what a technician may work on here, and who may. */
export const serviceWorkOrders = sqliteTable("service_work_orders", {
  id: text("id").primaryKey(),
  number: text("number").notNull(),
  title: text("title").notNull(),
  equipmentId: text("equipment_id").notNull(),
  status: text("status").notNull(),
  slotStart: text("slot_start"),
  slotEnd: text("slot_end"),
  /** JSON [{ userId, name }]. */
  technicians: text("technicians", { mode: "json" }).notNull().$type<{ userId: string; name: string }[]>(),
  currency: text("currency"),
});

/** A visit as recorded here (offline); its events carry notes and parts to the cloud. Status only moves forward. */
export const serviceVisits = sqliteTable("service_visits", {
  id: text("id").primaryKey(),
  workOrderId: text("work_order_id").notNull(),
  technicianId: text("technician_id").notNull(),
  status: text("status", { enum: ["CHECKED_IN", "COMPLETED"] }).notNull(),
  checkedInAt: integer("checked_in_at").notNull(),
  completedAt: integer("completed_at"),
  /** What the technician recorded, for the console to show back (the events carry it to the cloud). */
  notes: text("notes", { mode: "json" }).notNull().default([]).$type<{ note: string; at: number }[]>(),
  items: text("items", { mode: "json" })
    .notNull()
    .default([])
    .$type<{ kind: "PART" | "LABOUR"; description: string; quantity: number; unitPrice: number }[]>(),
  resolution: text("resolution"),
});
