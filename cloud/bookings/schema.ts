/** Bookings tables (BOOKINGS_DB): organisations, crew, tariffs, events, bookings, invoices and their outbox. */
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { outboxTable } from "../events/outbox.ts";
import { processedEventsTable } from "../events/processed-events.ts";

/** An event organiser (has tariffs, events, receives invoices) or a crew company (employs crew). */
export const organisations = sqliteTable("organisations", {
  id: text("id").primaryKey(),
  kind: text("kind", { enum: ["organiser", "crew_company"] }).notNull(),
  name: text("name").notNull(),
  /** ISO 3166-1 alpha-2; sets the VAT rate of the organiser's invoices. */
  country: text("country").notNull(),
  vatNumber: text("vat_number"),
  address: text("address"),
  /** IANA zone: the organiser's calendar and invoice years are read in it. */
  timeZone: text("time_zone").notNull(),
  createdAt: integer("created_at").notNull(),
});

export const orgMembers = sqliteTable(
  "org_members",
  {
    orgId: text("org_id").notNull(),
    userId: text("user_id").notNull(),
    role: text("role", { enum: ["admin", "member"] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index("org_members_user_idx").on(t.userId)],
);

/** A person a crew company books out; `userId` is their own account (they read their own sealed fields). */
export const crewMembers = sqliteTable(
  "crew_members",
  {
    id: text("id").primaryKey(),
    companyId: text("company_id").notNull(),
    userId: text("user_id"),
    name: text("name").notNull(),
    /** Sealed (AES-GCM, bound to the crew member's id) like TOTP secrets. */
    ssnSealed: text("ssn_sealed"),
    bankAccountSealed: text("bank_account_sealed"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("crew_company_idx").on(t.companyId), index("crew_user_idx").on(t.userId)],
);

export const crewSkills = sqliteTable(
  "crew_skills",
  {
    crewId: text("crew_id").notNull(),
    category: text("category").notNull(),
    skill: text("skill").notNull(),
    years: integer("years").notNull(),
    /** 1 (beginner) … 5 (expert). */
    proficiency: integer("proficiency").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.crewId, t.category, t.skill] }),
    index("skills_idx").on(t.category, t.skill),
  ],
);

/** When a person can be booked (ms, half-open [start, end)). */
export const availability = sqliteTable(
  "availability",
  {
    id: text("id").primaryKey(),
    crewId: text("crew_id").notNull(),
    startAt: integer("start_at").notNull(),
    endAt: integer("end_at").notNull(),
  },
  (t) => [index("availability_crew_idx").on(t.crewId, t.startAt)],
);

export const tariffs = sqliteTable(
  "tariffs",
  {
    id: text("id").primaryKey(),
    organiserId: text("organiser_id").notNull(),
    category: text("category").notNull(),
    skill: text("skill").notNull(),
    unit: text("unit", { enum: ["Hour", "Day", "Event"] }).notNull(),
    /** Minor units (öre for SEK), excluding VAT. */
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [uniqueIndex("tariffs_match_idx").on(t.organiserId, t.category, t.skill)],
);

export const events = sqliteTable(
  "events",
  {
    id: text("id").primaryKey(),
    organiserId: text("organiser_id").notNull(),
    name: text("name").notNull(),
    venue: text("venue"),
    details: text("details"),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    status: text("status", {
      enum: ["Draft", "Scheduled", "InProgress", "Completed", "Cancelled"],
    }).notNull(),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [index("events_organiser_idx").on(t.organiserId, t.startsAt)],
);

export const bookings = sqliteTable(
  "bookings",
  {
    id: text("id").primaryKey(),
    eventId: text("event_id").notNull(),
    organiserId: text("organiser_id").notNull(),
    crewId: text("crew_id").notNull(),
    companyId: text("company_id").notNull(),
    tariffId: text("tariff_id").notNull(),
    unit: text("unit", { enum: ["Hour", "Day", "Event"] }).notNull(),
    /** The tariff's amount when booked, minor units. */
    rate: integer("rate").notNull(),
    /** Billed units (hours or days after rounding up; 1 for Event). */
    quantity: integer("quantity").notNull(),
    total: integer("total").notNull(),
    currency: text("currency").notNull(),
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    status: text("status", { enum: ["Requested", "Confirmed", "Completed", "Cancelled"] }).notNull(),
    invoiceId: text("invoice_id"),
    notes: text("notes"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    index("bookings_crew_idx").on(t.crewId, t.startsAt),
    index("bookings_organiser_idx").on(t.organiserId, t.startsAt),
    index("bookings_company_idx").on(t.companyId, t.startsAt),
  ],
);

export const invoices = sqliteTable(
  "invoices",
  {
    id: text("id").primaryKey(),
    organiserId: text("organiser_id").notNull(),
    companyId: text("company_id").notNull(),
    /** `YYYY-NNNN`, set when issued; gapless per organiser per year. */
    number: text("number"),
    amount: integer("amount").notNull(),
    /** Basis points (2500 = 25 %). */
    vatRate: integer("vat_rate").notNull(),
    vat: integer("vat").notNull(),
    total: integer("total").notNull(),
    currency: text("currency").notNull(),
    status: text("status", { enum: ["Draft", "Issued", "Paid", "Overdue", "Cancelled"] }).notNull(),
    issuedAt: integer("issued_at"),
    dueAt: integer("due_at"),
    paidAt: integer("paid_at"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    uniqueIndex("invoices_number_idx").on(t.organiserId, t.number),
    index("invoices_status_idx").on(t.status, t.dueAt),
  ],
);

/** The last number issued per organiser and year; incremented in the batch that issues. */
export const invoiceCounters = sqliteTable(
  "invoice_counters",
  {
    organiserId: text("organiser_id").notNull(),
    year: integer("year").notNull(),
    last: integer("last").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organiserId, t.year] })],
);

export const outbox = outboxTable("bookings_outbox");
export const processedEvents = processedEventsTable();
