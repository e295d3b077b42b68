/** Service requests (seed 000): an owner's request for a unit, or one raised by an alarm or compressor evidence. */
import { and, between, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "../../shared/errors/index.ts";
import { buildEvent } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { isStaff } from "../../shared/roles/index.ts";
import { batch } from "../db/index.ts";
import { bumpCounter, flush, iso, type MarketplaceDeps, numbered, outboxIf, statement } from "./deps.ts";
import { boundingBox, distanceKm } from "./geo.ts";
import { latitude, longitude, requireProviderRole } from "./providers.ts";
import * as schema from "./schema.ts";

export const siteInput = z.object({ latitude, longitude, autoRequests: z.boolean().default(false) });

const slot = z
  .object({ start: z.string().datetime({ offset: true }), end: z.string().datetime({ offset: true }) })
  .refine((s) => Date.parse(s.end) > Date.parse(s.start), "a slot ends after it starts");

export const requestInput = z.object({
  siteId: z.string().min(1).max(64),
  equipmentId: z.string().min(1).max(64),
  serviceType: z.enum(schema.SERVICE_TYPES),
  title: z.string().trim().min(1).max(120),
  description: z.string().trim().max(4000).default(""),
  priority: z.enum(schema.PRIORITIES).default("NORMAL"),
  preferredSlots: z.array(slot).max(5).default([]),
});

/** Sets where the site is, who pays for its work (the OWNER setting it) and whether alarms open requests. */
export async function setServiceSite(
  deps: MarketplaceDeps,
  input: z.infer<typeof siteInput> & { siteId: string; userId: string },
) {
  if ((await deps.memberRole(input.siteId, input.userId)) !== "OWNER")
    throw new AppError("FORBIDDEN", "requires role OWNER");
  const row = {
    siteId: input.siteId,
    latitude: input.latitude,
    longitude: input.longitude,
    ownerId: input.userId,
    autoRequests: input.autoRequests,
    updatedAt: deps.clock.now(),
  };
  await deps.db
    .insert(schema.serviceSites)
    .values(row)
    .onConflictDoUpdate({ target: schema.serviceSites.siteId, set: row });
  return row;
}

export function serviceSite(deps: MarketplaceDeps, siteId: string) {
  return deps.db.select().from(schema.serviceSites).where(eq(schema.serviceSites.siteId, siteId)).get();
}

export type RequestRow = typeof schema.serviceRequests.$inferSelect;

export function requestView(row: RequestRow) {
  const { acceptToken: _token, causeKey: _cause, ...rest } = row;
  return { ...rest, preferredSlots: JSON.parse(row.preferredSlots) as { start: string; end: string }[] };
}

/**
 * Writes one request; with a `causeKey` a second report of the same cause writes nothing (unique index), so
 * an alarm delivered any number of times opens one request. Answers the request id, or null for a repeat.
 */
export async function insertRequest(
  deps: MarketplaceDeps,
  input: z.infer<typeof requestInput> & {
    requesterId: string;
    origin: RequestRow["origin"];
    causeKey: string | null;
    location: { latitude: number; longitude: number };
  },
): Promise<string | null> {
  const now = deps.clock.now();
  const id = uuidv7(now);
  const { db } = deps;
  const fresh = input.causeKey
    ? sql`NOT EXISTS (SELECT 1 FROM service_requests WHERE site_id = ${input.siteId} AND cause_key = ${input.causeKey})`
    : sql`1`;
  const mine = sql`EXISTS (SELECT 1 FROM service_requests WHERE id = ${id})`;
  const number = numbered("service_request", "SR");
  const event = buildEvent({
    type: "service.request.created",
    source: { siteId: input.siteId, module: "marketplace" },
    occurredAt: now,
    data: {
      requestId: id,
      number: "",
      siteId: input.siteId,
      equipmentId: input.equipmentId,
      title: input.title,
      serviceType: input.serviceType,
      priority: input.priority,
      origin: input.origin,
      createdAt: iso(now),
    },
  });
  await batch(db, [
    bumpCounter(db, "service_request", fresh),
    db
      .insert(schema.serviceRequests)
      .values({
        id,
        number,
        siteId: input.siteId,
        equipmentId: input.equipmentId,
        requesterId: input.requesterId,
        serviceType: input.serviceType,
        title: input.title,
        description: input.description,
        priority: input.priority,
        preferredSlots: JSON.stringify(input.preferredSlots),
        origin: input.origin,
        causeKey: input.causeKey,
        latitude: input.location.latitude,
        longitude: input.location.longitude,
        status: "PENDING",
        createdAt: now,
      })
      .onConflictDoNothing(),
    // The number is known only inside the batch: patch it into the event there.
    statement(
      db,
      sql`INSERT INTO marketplace_outbox (id, event, created_at)
          SELECT ${event.id}, json_set(${JSON.stringify(event)}, '$.data.number', number), ${now}
          FROM service_requests WHERE id = ${id}`,
    ),
  ]);
  const written = await db
    .select({ id: schema.serviceRequests.id })
    .from(schema.serviceRequests)
    .where(mine)
    .get();
  if (!written) return null;
  await flush(deps);
  return id;
}

/** An owner or maintainer opens a request for one of the site's units (a GUEST cannot). */
export async function createRequest(
  deps: MarketplaceDeps,
  input: z.infer<typeof requestInput> & { userId: string },
) {
  const role = await deps.memberRole(input.siteId, input.userId);
  if (!role) throw new AppError("FORBIDDEN", "not a member of this site");
  if (!isStaff(role)) throw new AppError("FORBIDDEN", "requires role OWNER or MAINTAINER");
  const site = await serviceSite(deps, input.siteId);
  if (!site) throw new AppError("CONFLICT", "set the site's service location first");
  const units = await deps.equipment(input.siteId);
  if (!units.some((u) => u.equipmentId === input.equipmentId))
    throw new AppError("VALIDATION_ERROR", "no such unit at this site");
  const id = await insertRequest(deps, {
    ...input,
    requesterId: input.userId,
    origin: "OWNER",
    causeKey: null,
    location: site,
  });
  if (!id) throw new Error("request was not written");
  return getRequestRow(deps, id);
}

export async function getRequestRow(deps: MarketplaceDeps, id: string): Promise<RequestRow> {
  const row = await deps.db
    .select()
    .from(schema.serviceRequests)
    .where(eq(schema.serviceRequests.id, id))
    .get();
  if (!row) throw new AppError("NOT_FOUND", "no such request");
  return row;
}

/** A site member's view of one request (NOT_FOUND to anyone else). */
export async function requestForMember(deps: MarketplaceDeps, id: string, userId: string) {
  const row = await getRequestRow(deps, id);
  if (!(await deps.memberRole(row.siteId, userId))) throw new AppError("NOT_FOUND", "no such request");
  return row;
}

export async function listSiteRequests(deps: MarketplaceDeps, siteId: string, userId: string) {
  if (!(await deps.memberRole(siteId, userId))) throw new AppError("FORBIDDEN", "not a member of this site");
  const rows = await deps.db
    .select()
    .from(schema.serviceRequests)
    .where(eq(schema.serviceRequests.siteId, siteId))
    .orderBy(desc(schema.serviceRequests.createdAt));
  return rows.map(requestView);
}

/** Cancels a PENDING request (owner or maintainer); its open bids are declined. */
export async function cancelRequest(deps: MarketplaceDeps, id: string, userId: string) {
  const row = await requestForMember(deps, id, userId);
  const role = await deps.memberRole(row.siteId, userId);
  if (!role || !isStaff(role)) throw new AppError("FORBIDDEN", "requires role OWNER or MAINTAINER");
  const now = deps.clock.now();
  const token = uuidv7(now);
  const won = sql`EXISTS (SELECT 1 FROM service_requests WHERE id = ${id} AND accept_token = ${token})`;
  const event = buildEvent({
    type: "service.request.cancelled",
    source: { siteId: row.siteId, module: "marketplace" },
    occurredAt: now,
    data: { requestId: id, cancelledAt: iso(now) },
  });
  await batch(deps.db, [
    statement(
      deps.db,
      sql`UPDATE service_requests SET status = 'CANCELLED', accept_token = ${token} WHERE id = ${id} AND status = 'PENDING'`,
    ),
    statement(
      deps.db,
      sql`UPDATE bids SET status = 'DECLINED' WHERE request_id = ${id} AND status = 'PENDING' AND ${won}`,
    ),
    outboxIf(deps.db, event, now, won),
  ]);
  const after = await getRequestRow(deps, id);
  if (after.acceptToken !== token) throw new AppError("CONFLICT", `request is ${after.status}`);
  await flush(deps);
  return requestView(after);
}

/** Pending requests a provider's service area reaches, for its service types, nearest first. */
export async function providerInbox(deps: MarketplaceDeps, providerId: string, userId: string) {
  const provider = await requireProviderRole(deps, providerId, userId);
  const centre = { lat: provider.latitude, lon: provider.longitude };
  const box = boundingBox(centre, provider.radiusKm);
  const types = JSON.parse(provider.serviceTypes) as string[];
  const rows = await deps.db
    .select()
    .from(schema.serviceRequests)
    .where(
      and(
        eq(schema.serviceRequests.status, "PENDING"),
        between(schema.serviceRequests.latitude, box.minLat, box.maxLat),
        between(schema.serviceRequests.longitude, box.minLon, box.maxLon),
      ),
    );
  const inReach = rows
    .filter((r) => types.includes(r.serviceType))
    .map((r) => ({
      ...requestView(r),
      distanceKm: Math.round(distanceKm(centre, { lat: r.latitude, lon: r.longitude }) * 10) / 10,
    }))
    .filter((r) => r.distanceKm <= provider.radiusKm)
    .sort((a, b) => a.distanceKm - b.distanceKm);
  // The site's name, zone and unit name: a provider is no member, yet reads the request in the site's terms.
  const sites = new Map(
    await Promise.all(
      [...new Set(inReach.map((r) => r.siteId))].map(async (id) => [id, await deps.siteInfo(id)] as const),
    ),
  );
  return inReach.map((r) => {
    const site = sites.get(r.siteId);
    return {
      ...r,
      siteName: site?.name ?? null,
      timeZone: site?.timeZone ?? "UTC",
      unitName: site?.units.find((u) => u.equipmentId === r.equipmentId)?.name ?? null,
    };
  });
}
