/** Profile tables (ACCOUNTS_DB): owner and provider (seed 000), crew with skills and availability and organisations (seed 002). */
import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const SUBSCRIPTION_PLANS = ["POLAR_BEAR", "SNOW_BEAR", "GLACIAL_BEAR"] as const;
export const PROFICIENCY_LEVELS = ["BEGINNER", "INTERMEDIATE", "ADVANCED", "EXPERT"] as const;
export const ORGANISATION_KINDS = ["EVENT_ORGANISER", "CREW_COMPANY"] as const;

/** Balance and plan are billing's to change; the owner edits only the contact fields. */
export const ownerProfiles = sqliteTable("owner_profiles", {
  userId: text("user_id").primaryKey(),
  displayName: text("display_name").notNull(),
  phone: text("phone"),
  balanceCents: integer("balance_cents").notNull().default(0),
  plan: text("plan", { enum: SUBSCRIPTION_PLANS }).notNull().default("POLAR_BEAR"),
  updatedAt: integer("updated_at").notNull(),
});

/** Rating and completed jobs come from marketplace feedback, never from the provider. */
export const providerProfiles = sqliteTable("provider_profiles", {
  userId: text("user_id").primaryKey(),
  companyName: text("company_name").notNull(),
  serviceType: text("service_type").notNull(),
  rating: real("rating").notNull().default(0),
  completedJobs: integer("completed_jobs").notNull().default(0),
  latitude: real("latitude").notNull(),
  longitude: real("longitude").notNull(),
  radiusKm: real("radius_km").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

export const crewProfiles = sqliteTable("crew_profiles", {
  userId: text("user_id").primaryKey(),
  displayName: text("display_name").notNull(),
  organisationId: text("organisation_id"),
  updatedAt: integer("updated_at").notNull(),
});

export const crewSkills = sqliteTable(
  "crew_skills",
  {
    userId: text("user_id").notNull(),
    category: text("category").notNull(),
    skill: text("skill").notNull(),
    years: integer("years").notNull(),
    proficiency: text("proficiency", { enum: PROFICIENCY_LEVELS }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.category, t.skill] })],
);

export const availabilitySlots = sqliteTable(
  "availability_slots",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    available: integer("available", { mode: "boolean" }).notNull(),
  },
  (t) => [index("availability_user_idx").on(t.userId, t.startsAt)],
);

/** Seed 002 customers: event organisers and crew companies, one per organisation number. */
export const organisations = sqliteTable("organisations", {
  id: text("id").primaryKey(),
  kind: text("kind", { enum: ORGANISATION_KINDS }).notNull(),
  name: text("name").notNull(),
  orgNumber: text("org_number").notNull().unique(),
  email: text("email").notNull(),
  phone: text("phone"),
  address: text("address"),
  city: text("city"),
  zipCode: text("zip_code"),
  createdBy: text("created_by").notNull(),
  createdAt: integer("created_at").notNull(),
});

export const organisationMembers = sqliteTable(
  "organisation_members",
  {
    organisationId: text("organisation_id").notNull(),
    userId: text("user_id").notNull(),
    role: text("role", { enum: ["ADMIN", "MEMBER"] }).notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.userId] }), index("org_members_user_idx").on(t.userId)],
);
