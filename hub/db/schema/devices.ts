/** Devices paired with this hub; secrets are kept only as salted hashes. */
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const devices = sqliteTable("devices", {
  id: text("id").primaryKey(),
  kind: text("kind").notNull(),
  name: text("name").notNull(),
  secretHash: text("secret_hash").notNull(),
  status: text("status", { enum: ["PAIRED", "ONLINE", "OFFLINE", "ERROR", "REVOKED"] })
    .notNull()
    .default("PAIRED"),
  model: text("model"),
  firmware: text("firmware"),
  capabilities: text("capabilities", { mode: "json" }).$type<string[]>(),
  pairedAt: integer("paired_at").notNull(),
  lastSeenAt: integer("last_seen_at"),
  revokedAt: integer("revoked_at"),
});
