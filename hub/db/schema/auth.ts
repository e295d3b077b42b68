/** Who may use the hub: trusted cloud keys and site members (from desired state), local accounts, sessions. */
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { HUB_ROLES } from "../../../shared/desired-state/index.ts";
import { SITE_ROLES } from "../../../shared/roles/index.ts";

/** Public keys that sign cloud tokens, replaced by each desired-state version's `trustedKeys` section. */
export const trustedKeys = sqliteTable("trusted_keys", {
  kid: text("kid").primaryKey(),
  jwk: text("jwk", { mode: "json" }).notNull().$type<Record<string, unknown>>(),
});

/** The claimed site's members with their site role, replaced by each `members` section. */
export const siteMembers = sqliteTable("site_members", {
  userId: text("user_id").primaryKey(),
  email: text("email").notNull(),
  displayName: text("display_name"),
  role: text("role", { enum: SITE_ROLES }).notNull(),
});

/** Members the cloud removed: their tokens are refused even before they expire. */
export const removedMembers = sqliteTable("removed_members", {
  userId: text("user_id").primaryKey(),
  removedAt: text("removed_at").notNull(),
});

/** People who sign in at the hub itself with a password (the first local owner, made with the setup code). */
export const localAccounts = sqliteTable("local_accounts", {
  id: text("id").primaryKey(),
  username: text("username").notNull().unique(),
  name: text("name").notNull(),
  /** `scrypt$N$r$p$salt$hash` (base64url), see hub/auth/password-hash.ts. */
  passwordHash: text("password_hash").notNull(),
  role: text("role", { enum: HUB_ROLES }).notNull(),
  createdAt: integer("created_at").notNull(),
});

/** The one-time setup code of an unclaimed hub, kept only as a hash; one row. */
export const setupCodes = sqliteTable("setup_codes", {
  id: integer("id").primaryKey(),
  codeHash: text("code_hash").notNull(),
  createdAt: integer("created_at").notNull(),
  redeemedAt: integer("redeemed_at"),
});

/** Browser sessions (cookie `outpost_hub_session`); server-side so sign-out and member removal end them. */
export const hubSessions = sqliteTable("hub_sessions", {
  /** SHA-256 of the cookie value; the value itself is never stored. */
  idHash: text("id_hash").primaryKey(),
  kind: text("kind", { enum: ["local", "cloud", "admin", "technician"] }).notNull(),
  subject: text("subject").notNull(),
  name: text("name").notNull(),
  /** For local and admin sessions; a cloud session's role is read from site_members on every request. */
  role: text("role", { enum: HUB_ROLES }).notNull(),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
});

/**
 * One-time sign-in codes that desired state brought down (hashes only): `technician` codes from the `service`
 * section (a provider's technician, for the visit alone). Each section replaces its own kind's rows.
 */
export const signInCodes = sqliteTable("sign_in_codes", {
  hash: text("hash").primaryKey(),
  kind: text("kind", { enum: ["technician"] }).notNull(),
  userId: text("user_id").notNull(),
  name: text("name").notNull(),
  expiresAt: integer("expires_at").notNull(),
});

/** Codes already used here: kept past a section re-apply so a code never works twice, dropped once expired. */
export const usedSignInCodes = sqliteTable("used_sign_in_codes", {
  hash: text("hash").primaryKey(),
  usedAt: integer("used_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
});
