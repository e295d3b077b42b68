/** Sites tables (SITES_DB): sites, their members, hub claim codes and claimed hubs. */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const SITE_ROLES = ["OWNER", "GUEST", "MAINTAINER"] as const;
export type SiteRole = (typeof SITE_ROLES)[number];

export const sites = sqliteTable("sites", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdBy: text("created_by").notNull(),
  createdAt: integer("created_at").notNull(),
});

export const siteMembers = sqliteTable(
  "site_members",
  {
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    userId: text("user_id").notNull(),
    role: text("role", { enum: SITE_ROLES }).notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.userId] }), index("site_members_user_idx").on(t.userId)],
);

/** Only the SHA-256 of a code is kept: a leaked table cannot claim a hub. */
export const claimCodes = sqliteTable(
  "claim_codes",
  {
    codeHash: text("code_hash").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    consumedAt: integer("consumed_at"),
    hubId: text("hub_id"),
  },
  (t) => [index("claim_codes_expires_idx").on(t.expiresAt)],
);

export const hubs = sqliteTable(
  "hubs",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    /** The hub's Ed25519 public JWK (JSON); every sync token must verify against it. */
    publicJwk: text("public_jwk").notNull(),
    name: text("name").notNull(),
    claimedAt: integer("claimed_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("hubs_site_idx").on(t.siteId)],
);

/** Seed 004 spaces: the rooms and areas of a site (a cold room, a shop floor, a bedroom). */
export const spaces = sqliteTable(
  "spaces",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    name: text("name").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("spaces_site_idx").on(t.siteId)],
);

/** Invitations to join a site with a role, addressed to one email; single use, 7 days, stored hashed. */
export const siteInvites = sqliteTable(
  "site_invites",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    email: text("email").notNull(),
    role: text("role", { enum: SITE_ROLES }).notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    acceptedAt: integer("accepted_at"),
    acceptedBy: text("accepted_by"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("site_invites_site_idx").on(t.siteId)],
);
