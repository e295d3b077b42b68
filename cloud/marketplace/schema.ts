/** Marketplace tables (MARKETPLACE_DB): providers, service requests, bids, work orders, photos, support tickets. */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { outboxTable } from "../events/outbox.ts";
import { processedEventsTable } from "../events/processed-events.ts";

export const SERVICE_TYPES = ["REFRIGERATION", "HEATING", "DISPENSERS", "ELECTRICAL", "PLUMBING"] as const;
export const PRIORITIES = ["LOW", "NORMAL", "HIGH", "URGENT"] as const;
export const REQUEST_STATUSES = ["PENDING", "ACCEPTED", "COMPLETED", "CANCELLED"] as const;
export const BID_STATUSES = ["PENDING", "ACCEPTED", "DECLINED", "WITHDRAWN"] as const;
/** Seed 000's work order lifecycle; a status only moves forward along it (CANCELLED ends it early). */
export const WORK_ORDER_STATUSES = ["SCHEDULED", "IN_PROGRESS", "COMPLETED", "PAID", "CANCELLED"] as const;
export const TICKET_STATUSES = ["OPEN", "IN_PROGRESS", "RESOLVED", "CLOSED"] as const;

export const providers = sqliteTable(
  "providers",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** JSON array of SERVICE_TYPES. */
    serviceTypes: text("service_types").notNull(),
    latitude: real("latitude").notNull(),
    longitude: real("longitude").notNull(),
    radiusKm: real("radius_km").notNull(),
    ratingSum: integer("rating_sum").notNull().default(0),
    ratingCount: integer("rating_count").notNull().default(0),
    completedJobs: integer("completed_jobs").notNull().default(0),
    createdBy: text("created_by").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("providers_lat_idx").on(t.latitude, t.longitude)],
);

/** The provider organisation's people: ADMIN runs it, TECHNICIAN is its crew. */
export const providerMembers = sqliteTable(
  "provider_members",
  {
    providerId: text("provider_id").notNull(),
    userId: text("user_id").notNull(),
    role: text("role", { enum: ["ADMIN", "TECHNICIAN"] }).notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.providerId, t.userId] }), index("provider_members_user_idx").on(t.userId)],
);

/** Where a site is (for nearby search), who pays for its work, and whether alarms open requests by themselves. */
export const serviceSites = sqliteTable("service_sites", {
  siteId: text("site_id").primaryKey(),
  latitude: real("latitude").notNull(),
  longitude: real("longitude").notNull(),
  ownerId: text("owner_id").notNull(),
  autoRequests: integer("auto_requests", { mode: "boolean" }).notNull().default(false),
  updatedAt: integer("updated_at").notNull(),
});

export const serviceRequests = sqliteTable(
  "service_requests",
  {
    id: text("id").primaryKey(),
    number: text("number").notNull().unique(),
    siteId: text("site_id").notNull(),
    equipmentId: text("equipment_id").notNull(),
    requesterId: text("requester_id").notNull(),
    serviceType: text("service_type", { enum: SERVICE_TYPES }).notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    priority: text("priority", { enum: PRIORITIES }).notNull(),
    /** JSON array of { start, end } ISO instants. */
    preferredSlots: text("preferred_slots").notNull(),
    origin: text("origin", { enum: ["OWNER", "ALARM", "COMPRESSOR"] }).notNull(),
    /** `alarm:<id>` or `compressor:<equipment>:<day>`: one request per cause, however often it is reported. */
    causeKey: text("cause_key"),
    latitude: real("latitude").notNull(),
    longitude: real("longitude").notNull(),
    status: text("status", { enum: REQUEST_STATUSES }).notNull(),
    acceptedBidId: text("accepted_bid_id"),
    /** The one accept attempt that won (every later statement of its batch checks it). */
    acceptToken: text("accept_token"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    index("service_requests_site_idx").on(t.siteId, t.createdAt),
    index("service_requests_box_idx").on(t.status, t.latitude, t.longitude),
    uniqueIndex("service_requests_cause_idx").on(t.siteId, t.causeKey),
  ],
);

export const bids = sqliteTable(
  "bids",
  {
    id: text("id").primaryKey(),
    requestId: text("request_id").notNull(),
    providerId: text("provider_id").notNull(),
    amount: integer("amount").notNull(),
    currency: text("currency").notNull(),
    message: text("message").notNull(),
    earliestAt: integer("earliest_at").notNull(),
    status: text("status", { enum: BID_STATUSES }).notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [
    // One open bid per provider per request.
    uniqueIndex("bids_open_idx").on(t.requestId, t.providerId).where(sql`status = 'PENDING'`),
    index("bids_provider_idx").on(t.providerId, t.createdAt),
  ],
);

export const counters = sqliteTable("counters", {
  name: text("name").primaryKey(),
  value: integer("value").notNull(),
});

export const workOrders = sqliteTable(
  "work_orders",
  {
    id: text("id").primaryKey(),
    number: text("number").notNull().unique(),
    requestId: text("request_id").notNull().unique(),
    bidId: text("bid_id").notNull(),
    siteId: text("site_id").notNull(),
    equipmentId: text("equipment_id").notNull(),
    providerId: text("provider_id").notNull(),
    payerId: text("payer_id").notNull(),
    title: text("title").notNull(),
    status: text("status", { enum: WORK_ORDER_STATUSES }).notNull(),
    /** The accepted bid's amount: what is paid when no items were recorded. */
    quotedAmount: integer("quoted_amount").notNull(),
    currency: text("currency").notNull(),
    /** Sum of the items, computed here, never taken from a client. */
    totalAmount: integer("total_amount"),
    slotStart: integer("slot_start"),
    slotEnd: integer("slot_end"),
    startedAt: integer("started_at"),
    completedAt: integer("completed_at"),
    cancelledAt: integer("cancelled_at"),
    paidAt: integer("paid_at"),
    resolution: text("resolution"),
    feedbackRating: integer("feedback_rating"),
    feedbackComment: text("feedback_comment"),
    feedbackAt: integer("feedback_at"),
    /** The last guarded transition's attempt id: later statements of its batch run only where it won. */
    lastOp: text("last_op"),
    /** The feedback submission that won (rating arithmetic applies once). */
    feedbackId: text("feedback_id"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("work_orders_site_idx").on(t.siteId), index("work_orders_provider_idx").on(t.providerId)],
);

export const workOrderTechnicians = sqliteTable(
  "work_order_technicians",
  {
    workOrderId: text("work_order_id").notNull(),
    userId: text("user_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workOrderId, t.userId] }), index("wot_user_idx").on(t.userId)],
);

/** Parts and labour; `id` is the recording operation's id, so a retried upload adds nothing. Append-only. */
export const workOrderItems = sqliteTable(
  "work_order_items",
  {
    id: text("id").primaryKey(),
    workOrderId: text("work_order_id").notNull(),
    kind: text("kind", { enum: ["PART", "LABOUR"] }).notNull(),
    description: text("description").notNull(),
    quantity: real("quantity").notNull(),
    unitPrice: integer("unit_price").notNull(),
    total: integer("total").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("work_order_items_order_idx").on(t.workOrderId)],
);

/** A technician's visit as the hub recorded it; kept even when the work order was cancelled meanwhile. */
export const visits = sqliteTable("visits", {
  id: text("id").primaryKey(),
  workOrderId: text("work_order_id").notNull(),
  technicianId: text("technician_id").notNull(),
  /** The furthest state reached: CHECKED_IN < COMPLETED. */
  status: text("status", { enum: ["CHECKED_IN", "COMPLETED"] }).notNull(),
  checkedInAt: integer("checked_in_at"),
  completedAt: integer("completed_at"),
  /** JSON: notes, snapshot. */
  notes: text("notes").notNull().default("[]"),
  snapshot: text("snapshot"),
});

export const tickets = sqliteTable(
  "tickets",
  {
    id: text("id").primaryKey(),
    number: text("number").notNull().unique(),
    userId: text("user_id").notNull(),
    subject: text("subject").notNull(),
    description: text("description").notNull(),
    status: text("status", { enum: TICKET_STATUSES }).notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("tickets_user_idx").on(t.userId, t.createdAt)],
);

export const ticketComments = sqliteTable(
  "ticket_comments",
  {
    id: text("id").primaryKey(),
    ticketId: text("ticket_id").notNull(),
    authorId: text("author_id").notNull(),
    message: text("message").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("ticket_comments_ticket_idx").on(t.ticketId, t.createdAt)],
);

/** Photos of a request or a work order; the bytes live in the platform's blob store under `key`. */
export const photos = sqliteTable(
  "photos",
  {
    id: text("id").primaryKey(),
    subject: text("subject", { enum: ["REQUEST", "WORK_ORDER"] }).notNull(),
    subjectId: text("subject_id").notNull(),
    key: text("key").notNull(),
    /** Sniffed from the bytes, never the uploader's claim. */
    contentType: text("content_type").notNull(),
    size: integer("size").notNull(),
    uploadedBy: text("uploaded_by").notNull(),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("photos_subject_idx").on(t.subject, t.subjectId, t.createdAt)],
);

export const processedEvents = processedEventsTable();
export const outbox = outboxTable("marketplace_outbox");

/**
 * One-time hub sign-in codes of a work order's technicians (issue 19): only the hash is kept, and it comes
 * down to the site's hub in the `service` section while the code is unexpired and the order open.
 */
export const technicianCodes = sqliteTable(
  "technician_codes",
  {
    hash: text("hash").primaryKey(),
    workOrderId: text("work_order_id").notNull(),
    userId: text("user_id").notNull(),
    createdAt: integer("created_at").notNull(),
    expiresAt: integer("expires_at").notNull(),
  },
  (t) => [index("technician_codes_order_idx").on(t.workOrderId, t.expiresAt)],
);
