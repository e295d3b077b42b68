/** Devices paired with this hub; secrets are kept only as salted hashes. */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { DEVICE_STATUSES } from "../../../shared/protocol/index.ts";

export const devices = sqliteTable(
  "devices",
  {
    id: text("id").primaryKey(),
    kind: text("kind").notNull(),
    name: text("name").notNull(),
    secretHash: text("secret_hash").notNull(),
    status: text("status", { enum: DEVICE_STATUSES }).notNull().default("PAIRED"),
    model: text("model"),
    firmware: text("firmware"),
    capabilities: text("capabilities", { mode: "json" }).$type<string[]>(),
    /** The encoding of the device's birth message; commands are sent to it in the same one. */
    encoding: text("encoding", { enum: ["cbor", "json"] })
      .notNull()
      .default("cbor"),
    /** The latest retained state the device published, and when. */
    state: text("state", { mode: "json" }).$type<Record<string, unknown>>(),
    stateAt: integer("state_at"),
    pairedAt: integer("paired_at").notNull(),
    lastSeenAt: integer("last_seen_at"),
    revokedAt: integer("revoked_at"),
    secretRotatedAt: integer("secret_rotated_at"),
    /**
     * Raised past every other device's on each pairing, revocation or secret rotation, so a
     * running hub notices registry changes made by another process (the CLI) with one query.
     */
    registryVersion: integer("registry_version").notNull().default(0),
  },
  // The next version (each pairing) and the watcher's poll read the top of this index, not every
  // device: pairing costs the same at 2,000 devices as at 20.
  (t) => [index("devices_registry_version_idx").on(t.registryVersion)],
);
