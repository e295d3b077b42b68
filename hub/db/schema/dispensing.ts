/** Dispensing (seed 001): products, dispenser slots, inventory, stock movements, orders, codes and scans. */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const ORDER_STATUSES = ["PENDING", "PAID", "COMPLETED", "CANCELLED", "REFUNDED"] as const;
export const STOCK_REASONS = [
  "sale",
  "dispense",
  "restock",
  "adjustment",
  "waste",
  "reconciliation",
] as const;

export const dispensingProducts = sqliteTable("dispensing_products", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  category: text("category").notNull(),
  priceMinor: integer("price_minor").notNull(),
  currency: text("currency").notNull(),
  dispensable: integer("dispensable", { mode: "boolean" }).notNull(),
  available: integer("available", { mode: "boolean" }).notNull(),
  /** At or below this many on hand, `inventory.stock.low` is raised (once per crossing). */
  lowStockThreshold: integer("low_stock_threshold").notNull().default(0),
  updatedAt: integer("updated_at").notNull(),
});

/** Per product: on hand, and held for paid orders not yet handed over (available = onHand − reserved ≥ 0). */
export const dispensingInventory = sqliteTable("dispensing_inventory", {
  productId: text("product_id").primaryKey(),
  onHand: integer("on_hand").notNull().default(0),
  reserved: integer("reserved").notNull().default(0),
  /** True once below the threshold, so the low-stock event is raised once per crossing. */
  low: integer("low", { mode: "boolean" }).notNull().default(false),
});

/** A dispenser's slot holds one product, up to its capacity. */
export const dispensingSlots = sqliteTable(
  "dispensing_slots",
  {
    deviceId: text("device_id").notNull(),
    slot: integer("slot").notNull(),
    productId: text("product_id").notNull(),
    capacity: integer("capacity").notNull(),
    count: integer("count").notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.deviceId, t.slot] })],
);

export const dispensingStockMoves = sqliteTable(
  "dispensing_stock_moves",
  {
    id: text("id").primaryKey(),
    productId: text("product_id").notNull(),
    deviceId: text("device_id"),
    slot: integer("slot"),
    delta: integer("delta").notNull(),
    reason: text("reason", { enum: STOCK_REASONS }).notNull(),
    orderId: text("order_id"),
    by: text("by").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("dispensing_stock_moves_product_idx").on(t.productId, t.at)],
);

export const dispensingOrders = sqliteTable(
  "dispensing_orders",
  {
    id: text("id").primaryKey(),
    status: text("status", { enum: ORDER_STATUSES }).notNull(),
    /** POS (sold at this hub) or ONLINE (sold by the cloud, known here by its code). */
    channel: text("channel", { enum: ["POS", "ONLINE"] }).notNull(),
    payment: text("payment", { enum: ["CASH", "CARD", "ONLINE"] }),
    items: text("items", { mode: "json" })
      .$type<{ productId: string; name: string; quantity: number; unitMinor: number }[]>()
      .notNull(),
    totalMinor: integer("total_minor").notNull(),
    currency: text("currency").notNull(),
    /** Why the order needs a person: a failed dispense (refund or retry). */
    flag: text("flag"),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
    paidAt: integer("paid_at"),
    finishedAt: integer("finished_at"),
  },
  (t) => [index("dispensing_orders_created_idx").on(t.createdAt)],
);

/** Codes this hub signed, and codes it revoked (refund) or learnt revoked from desired state. */
export const dispensingCodes = sqliteTable("dispensing_codes", {
  id: text("id").primaryKey(),
  orderId: text("order_id").notNull(),
  token: text("token"),
  expiresAt: integer("expires_at").notNull(),
  revoked: integer("revoked", { mode: "boolean" }).notNull().default(false),
});

/** A spent code: one row per code id (the primary key is what makes two racing scans dispense once). */
export const dispensingRedemptions = sqliteTable("dispensing_redemptions", {
  codeId: text("code_id").primaryKey(),
  orderId: text("order_id").notNull(),
  deviceId: text("device_id").notNull(),
  scanId: text("scan_id").notNull(),
  commandId: text("command_id").notNull(),
  /** The plan: which slots give what. */
  plan: text("plan", { mode: "json" })
    .$type<{ slot: number; productId: string; quantity: number }[]>()
    .notNull(),
  at: integer("at").notNull(),
  outcome: text("outcome", { enum: ["dispensed", "jammed", "empty"] }),
  /** Marks the acknowledgement that recorded the outcome (a repeated one changes nothing). */
  ackMark: text("ack_mark"),
});

/** Every scan, by the dispenser's own scan id: a repeated scan id is the same scan. */
export const dispensingScans = sqliteTable(
  "dispensing_scans",
  {
    deviceId: text("device_id").notNull(),
    scanId: text("scan_id").notNull(),
    codeId: text("code_id"),
    outcome: text("outcome").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.deviceId, t.scanId] }), index("dispensing_scans_at_idx").on(t.at)],
);
