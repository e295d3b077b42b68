/** Accounts tables (ACCOUNTS_DB): users and the keys that sign their access tokens. */
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  /** Normalised (trimmed, lower-case) so that one mailbox is one account. */
  email: text("email").notNull().unique(),
  /** Self-describing PBKDF2 string, see password.ts. */
  passwordHash: text("password_hash").notNull(),
  createdAt: integer("created_at").notNull(),
});

/**
 * Development signing keys. Production passes ACCOUNTS_SIGNING_JWK as a secret instead; locally the first
 * isolate to need a key inserts one here so that every isolate signs with, and publishes, the same key.
 */
export const signingKeys = sqliteTable("signing_keys", {
  kid: text("kid").primaryKey(),
  alg: text("alg").notNull(),
  privateJwk: text("private_jwk").notNull(),
  publicJwk: text("public_jwk").notNull(),
  createdAt: integer("created_at").notNull(),
  retiredAt: integer("retired_at"),
});
