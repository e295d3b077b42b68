/** The cloud dispensing module's tables (DISPENSING_DB): the site catalog, orders (online, and hub orders projected), stock, keys. */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { processedEventsTable } from "../events/processed-events.ts";

export const products = sqliteTable(
  "dispensing_products",
  {
    siteId: text("site_id").notNull(),
    id: text("id").notNull(),
    name: text("name").notNull(),
    category: text("category").notNull(),
    priceMinor: integer("price_minor").notNull(),
    currency: text("currency").notNull(),
    dispensable: integer("dispensable", { mode: "boolean" }).notNull(),
    available: integer("available", { mode: "boolean" }).notNull(),
    lowStockThreshold: integer("low_stock_threshold").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.id] })],
);

/** Online orders made here, and the hubs' point-of-sale orders as their events tell. */
export const orders = sqliteTable(
  "dispensing_orders",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id").notNull(),
    channel: text("channel", { enum: ["POS", "ONLINE"] }).notNull(),
    /** The buyer (online); null for a hub's order. */
    accountId: text("account_id"),
    hubId: text("hub_id"),
    status: text("status", { enum: ["PENDING", "PAID", "COMPLETED", "CANCELLED", "REFUNDED"] }).notNull(),
    items: text("items", { mode: "json" })
      .$type<{ productId: string; name: string; quantity: number; unitMinor: number }[]>()
      .notNull(),
    totalMinor: integer("total_minor").notNull(),
    currency: text("currency").notNull(),
    codeId: text("code_id"),
    token: text("token"),
    codeExpiresAt: integer("code_expires_at"),
    codeRevoked: integer("code_revoked", { mode: "boolean" }).notNull().default(false),
    /** Why the order needs a person: handed over at a hub after it was refunded or cancelled here. */
    flag: text("flag"),
    createdAt: integer("created_at").notNull(),
    paidAt: integer("paid_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("dispensing_orders_site_idx").on(t.siteId, t.createdAt)],
);

/** On hand per hub and product, as the hub's stock movements report it. */
export const stock = sqliteTable(
  "dispensing_stock",
  {
    siteId: text("site_id").notNull(),
    hubId: text("hub_id").notNull(),
    productId: text("product_id").notNull(),
    onHand: integer("on_hand").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.hubId, t.productId] })],
);

/** The cloud's QR signing key (one; its public half goes to every site's hubs as a `qr` trusted key). */
export const keys = sqliteTable("dispensing_keys", {
  kid: text("kid").primaryKey(),
  privateJwk: text("private_jwk", { mode: "json" }).$type<JsonWebKey>().notNull(),
  publicJwk: text("public_jwk", { mode: "json" })
    .$type<{ kty: string; crv: string; x: string; kid: string }>()
    .notNull(),
  createdAt: integer("created_at").notNull(),
});

export const processedEvents = processedEventsTable();
export type Item = { productId: string; name: string; quantity: number; unitMinor: number };
