/** Sites tables (SITES_DB): sites, their members, hub claim codes and claimed hubs. */

import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { SITE_ROLES } from "../../shared/roles/index.ts";
import { outboxTable } from "../events/outbox.ts";

export const sites = sqliteTable("sites", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  /** IANA time zone (checked with Intl when set); sites made before it was configurable are in UTC. */
  timeZone: text("time_zone").notNull().default("UTC"),
  createdBy: text("created_by").notNull(),
  createdAt: integer("created_at").notNull(),
  /** Set when an owner deleted the site: its members, invites and hubs are gone; the row stays for the record. */
  deletedAt: integer("deleted_at"),
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
    /** Its last authenticated call, written at most every HUB_CONTACT_WRITE_MS (not on every call). */
    lastSeenAt: integer("last_seen_at"),
    /** Set when the scheduled check announced it offline (`hub.offline`); cleared with `hub.online`. */
    offlineSince: integer("offline_since"),
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

/** Devices paired from the cloud; only the secret's hash is kept (the hub's own format). */
export const siteDevices = sqliteTable(
  "site_devices",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    kind: text("kind").notNull(),
    name: text("name").notNull(),
    secretHash: text("secret_hash").notNull(),
    equipmentId: text("equipment_id"),
    pairedBy: text("paired_by").notNull(),
    pairedAt: integer("paired_at").notNull(),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("site_devices_site_idx").on(t.siteId)],
);

/** Equipment as the cloud configures it (names, types, ranges). */
export const siteEquipment = sqliteTable(
  "site_equipment",
  {
    // Keyed by (site, id): an id is the hub's or the client's choice, so one site's id never reaches another's row.
    id: text("id").notNull(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    deviceId: text("device_id"),
    name: text("name").notNull(),
    type: text("type").notNull(),
    setTemperature: real("set_temperature").notNull(),
    optimalMin: real("optimal_min").notNull(),
    optimalMax: real("optimal_max").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.id] })],
);

/** Alarm rule settings per equipment (JSON object of numbers), as the cloud configures them. */
export const siteAlarmRules = sqliteTable(
  "site_alarm_rules",
  {
    equipmentId: text("equipment_id").notNull(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    settings: text("settings").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  // Keyed by (site, equipment) like the equipment it belongs to.
  (t) => [primaryKey({ columns: [t.siteId, t.equipmentId] })],
);

/** Members who left or were removed: their tokens are refused on the hub from the next desired-state version. */
export const siteMemberRemovals = sqliteTable(
  "site_member_removals",
  {
    siteId: text("site_id").notNull(),
    userId: text("user_id").notNull(),
    removedAt: integer("removed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.siteId, t.userId] })],
);

/** The site's desired-state version: bumped when the digest of its sections changes. */
export const desiredStateVersions = sqliteTable("desired_state_versions", {
  siteId: text("site_id").primaryKey(),
  version: integer("version").notNull(),
  digest: text("digest").notNull(),
  issuedAt: integer("issued_at").notNull(),
});

/** What each hub last reported applying (or why it could not). */
export const hubDesiredState = sqliteTable("hub_desired_state", {
  hubId: text("hub_id").primaryKey(),
  appliedVersion: integer("applied_version"),
  appliedAt: integer("applied_at"),
  /** Section name → schema version the hub applied them at (with `appliedVersion`). */
  appliedSections: text("applied_sections", { mode: "json" }).$type<Record<string, number>>(),
  lastError: text("last_error"),
  reportedAt: integer("reported_at").notNull(),
});

export const ACTION_STATUSES = ["PENDING", "APPLIED", "FAILED"] as const;

/** Remote actions (an alarm acknowledged from the web app), applied once by the site's hub. */
export const remoteActions = sqliteTable(
  "remote_actions",
  {
    id: text("id").primaryKey(),
    siteId: text("site_id")
      .notNull()
      .references(() => sites.id),
    kind: text("kind").notNull(),
    target: text("target").notNull(),
    input: text("input").notNull(),
    byUserId: text("by_user_id").notNull(),
    byName: text("by_name").notNull(),
    status: text("status", { enum: ACTION_STATUSES }).notNull(),
    result: text("result"),
    createdAt: integer("created_at").notNull(),
    appliedAt: integer("applied_at"),
  },
  (t) => [index("remote_actions_site_status_idx").on(t.siteId, t.status, t.createdAt)],
);

/** Events the sites module itself writes (hub.offline / hub.online), published after the cron and after writes. */
export const outbox = outboxTable("sites_outbox");
