/** Accounts tables (ACCOUNTS_DB): users, their roles, sessions (refresh tokens), 2FA and signing keys. */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { PLATFORM_ROLES } from "../../shared/access-token/index.ts";

export * from "./profiles/schema.ts";

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  /** Normalised (trimmed, lower-case) so that one mailbox is one account. */
  email: text("email").notNull().unique(),
  /** Self-describing PBKDF2 string, see password.ts. */
  passwordHash: text("password_hash").notNull(),
  createdAt: integer("created_at").notNull(),
  passwordChangedAt: integer("password_changed_at"),
  /** Set when the owner of the address followed the emailed link; until then no invites or payments. */
  emailVerifiedAt: integer("email_verified_at"),
  /** AES-GCM sealed TOTP secret (two-factor/secret-box.ts); set at setup, trusted once `totpEnabledAt` is. */
  totpSecret: text("totp_secret"),
  totpEnabledAt: integer("totp_enabled_at"),
  /** The last TOTP time step accepted: RFC 6238 §5.2, a code is accepted at most once. */
  totpLastStep: integer("totp_last_step"),
});

export const userRoles = sqliteTable(
  "user_roles",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    role: text("role", { enum: PLATFORM_ROLES }).notNull(),
    grantedAt: integer("granted_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

/**
 * Refresh tokens: `<id>.<secret>`, only the SHA-256 of the secret is kept. Each use consumes the token and
 * issues the next one in the same family; presenting a consumed token again revokes the whole family.
 */
export const refreshTokens = sqliteTable(
  "refresh_tokens",
  {
    id: text("id").primaryKey(),
    familyId: text("family_id").notNull(),
    userId: text("user_id").notNull(),
    secretHash: text("secret_hash").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    revokedAt: integer("revoked_at"),
  },
  (t) => [index("refresh_tokens_family_idx").on(t.familyId), index("refresh_tokens_user_idx").on(t.userId)],
);

/** The second step of a sign-in with 2FA: a short-lived, single-use, attempt-limited challenge. */
export const signInChallenges = sqliteTable("sign_in_challenges", {
  tokenHash: text("token_hash").primaryKey(),
  userId: text("user_id").notNull(),
  createdAt: integer("created_at").notNull(),
  expiresAt: integer("expires_at").notNull(),
  attempts: integer("attempts").notNull().default(0),
  consumedAt: integer("consumed_at"),
});

/** One-time 2FA recovery codes, stored as SHA-256 (they carry 60 random bits each). */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    userId: text("user_id").notNull(),
    codeHash: text("code_hash").notNull(),
    createdAt: integer("created_at").notNull(),
    usedAt: integer("used_at"),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
);

/** Email verification links: single use, 24 hours, stored hashed. */
export const emailVerifications = sqliteTable(
  "email_verifications",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    /** A change of address: the account takes this address when its owner follows the link mailed to it. */
    newEmail: text("new_email"),
  },
  (t) => [index("email_verifications_user_idx").on(t.userId)],
);

/** Password reset links: single use, 30 minutes, stored hashed. */
export const passwordResets = sqliteTable(
  "password_resets",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
  },
  (t) => [index("password_resets_user_idx").on(t.userId)],
);

/**
 * Development signing keys. Production passes ACCOUNTS_SIGNING_JWK as a secret instead; locally the first
 * isolate to need a key inserts one here so that every isolate signs with, and publishes, the same key.
 * Rotation publishes the next key first and lets it sign only from `activatesAt`, once every verifier's
 * cached JWKS holds it; the old key retires then, staying published until its last token has expired.
 */
export const signingKeys = sqliteTable("signing_keys", {
  kid: text("kid").primaryKey(),
  alg: text("alg").notNull(),
  privateJwk: text("private_jwk").notNull(),
  publicJwk: text("public_jwk").notNull(),
  createdAt: integer("created_at").notNull(),
  /** Null for keys made before rotation existed: they signed from `createdAt`. */
  activatesAt: integer("activates_at"),
  retiredAt: integer("retired_at"),
});
