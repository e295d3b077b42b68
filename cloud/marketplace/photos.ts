/**
 * Photos on service requests and work orders. The type is read from the bytes (JPEG, PNG, WebP), never from the
 * uploader's Content-Type; the size is capped while reading. A photo is readable by whoever may see its subject.
 */
import { and, asc, count, eq } from "drizzle-orm";
import { AppError } from "../../shared/errors/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { isStaff } from "../../shared/roles/index.ts";
import { iso, type MarketplaceDeps } from "./deps.ts";
import { distanceKm } from "./geo.ts";
import { getRequestRow, type RequestRow } from "./requests.ts";
import * as schema from "./schema.ts";
import { getOrderRow, sideOf } from "./work-orders.ts";

/** 5 MiB: a phone photo, not a video. */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const PHOTOS_PER_SUBJECT = 10;
export type PhotoSubject = (typeof schema.photos.$inferSelect)["subject"];

/** The image type the bytes start with, or null (a PDF, a GIF, a script named .jpg all answer null). */
export function sniffImageType(bytes: Uint8Array): "image/jpeg" | "image/png" | "image/webp" | null {
  const at = (offset: number, ...want: number[]) => want.every((b, i) => bytes[offset + i] === b);
  if (at(0, 0xff, 0xd8, 0xff)) return "image/jpeg";
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "image/png";
  // RIFF <size> WEBP
  if (at(0, 0x52, 0x49, 0x46, 0x46) && at(8, 0x57, 0x45, 0x42, 0x50)) return "image/webp";
  return null;
}

/** Providers the person belongs to whose area and kinds of work reach the request. */
async function reachingProvider(deps: MarketplaceDeps, request: RequestRow, userId: string) {
  const rows = await deps.db
    .select({ provider: schema.providers })
    .from(schema.providerMembers)
    .innerJoin(schema.providers, eq(schema.providers.id, schema.providerMembers.providerId))
    .where(eq(schema.providerMembers.userId, userId));
  return rows.some(({ provider: p }) => {
    const types = JSON.parse(p.serviceTypes) as string[];
    const km = distanceKm(
      { lat: p.latitude, lon: p.longitude },
      { lat: request.latitude, lon: request.longitude },
    );
    return types.includes(request.serviceType) && km <= p.radiusKm;
  });
}

/**
 * May the person see (and, with `write`, add to) the subject? Requests: the site's members read, its OWNER or
 * MAINTAINER add; a provider in reach of a pending request reads, and so does the one whose bid was accepted.
 * Work orders: both sides read and add, except a site GUEST, who only reads. Anyone else: NOT_FOUND.
 */
async function authorise(
  deps: MarketplaceDeps,
  subject: PhotoSubject,
  id: string,
  userId: string,
  write: boolean,
) {
  if (subject === "WORK_ORDER") {
    const order = await getOrderRow(deps, id);
    const side = await sideOf(deps, order, userId);
    if (write && !side.staff) throw new AppError("FORBIDDEN", "a guest cannot add photos");
    return;
  }
  const request = await getRequestRow(deps, id);
  const role = await deps.memberRole(request.siteId, userId);
  if (role) {
    if (write && !isStaff(role)) throw new AppError("FORBIDDEN", "requires role OWNER or MAINTAINER");
    return;
  }
  if (!write) {
    if (request.status === "PENDING" && (await reachingProvider(deps, request, userId))) return;
    const order = await deps.db
      .select()
      .from(schema.workOrders)
      .where(eq(schema.workOrders.requestId, id))
      .get();
    if (order && (await sideOf(deps, order, userId).catch(() => null))) return;
  }
  throw new AppError("NOT_FOUND", "no such request");
}

type PhotoRow = typeof schema.photos.$inferSelect;

async function photoViews(deps: MarketplaceDeps, rows: PhotoRow[]) {
  const people = await deps.people([...new Set(rows.map((r) => r.uploadedBy))]);
  const names = new Map(people.map((p) => [p.userId, p.displayName ?? p.email]));
  return rows.map((r) => ({
    id: r.id,
    contentType: r.contentType,
    size: r.size,
    uploadedByName: names.get(r.uploadedBy) ?? null,
    createdAt: iso(r.createdAt),
  }));
}

export type PhotoView = Awaited<ReturnType<typeof photoViews>>[number];

/** Stores a photo read (already size-limited) from the request body. */
export async function addPhoto(
  deps: MarketplaceDeps,
  input: { subject: PhotoSubject; subjectId: string; userId: string; bytes: Uint8Array },
): Promise<PhotoView> {
  await authorise(deps, input.subject, input.subjectId, input.userId, true);
  const contentType = sniffImageType(input.bytes);
  if (!contentType)
    throw new AppError("UNSUPPORTED_MEDIA_TYPE", "a photo must be a JPEG, PNG or WebP image", {
      accepted: ["image/jpeg", "image/png", "image/webp"],
    });
  const where = and(eq(schema.photos.subject, input.subject), eq(schema.photos.subjectId, input.subjectId));
  const [{ n } = { n: 0 }] = await deps.db.select({ n: count() }).from(schema.photos).where(where);
  if (n >= PHOTOS_PER_SUBJECT) throw new AppError("CONFLICT", `at most ${PHOTOS_PER_SUBJECT} photos each`);
  const now = deps.clock.now();
  const id = uuidv7(now);
  const row: PhotoRow = {
    id,
    subject: input.subject,
    subjectId: input.subjectId,
    key: `marketplace/${input.subject === "REQUEST" ? "requests" : "work-orders"}/${input.subjectId}/${id}`,
    contentType,
    size: input.bytes.byteLength,
    uploadedBy: input.userId,
    createdAt: now,
  };
  // Bytes first: a listed photo always has its bytes. A failed row leaves no orphan behind.
  await deps.blobs.put(row.key, input.bytes, contentType);
  try {
    await deps.db.insert(schema.photos).values(row);
  } catch (err) {
    await deps.blobs.delete(row.key);
    throw err;
  }
  const [view] = await photoViews(deps, [row]);
  return view!;
}

export async function listPhotos(
  deps: MarketplaceDeps,
  subject: PhotoSubject,
  subjectId: string,
  userId: string,
) {
  await authorise(deps, subject, subjectId, userId, false);
  const rows = await deps.db
    .select()
    .from(schema.photos)
    .where(and(eq(schema.photos.subject, subject), eq(schema.photos.subjectId, subjectId)))
    .orderBy(asc(schema.photos.createdAt));
  return photoViews(deps, rows);
}

/** The photo's bytes for someone who may see its subject; NOT_FOUND for anyone else. */
export async function readPhoto(deps: MarketplaceDeps, photoId: string, userId: string) {
  const row = await deps.db.select().from(schema.photos).where(eq(schema.photos.id, photoId)).get();
  if (!row) throw new AppError("NOT_FOUND", "no such photo");
  await authorise(deps, row.subject, row.subjectId, userId, false).catch(() => {
    throw new AppError("NOT_FOUND", "no such photo");
  });
  const blob = await deps.blobs.get(row.key);
  if (!blob) throw new AppError("NOT_FOUND", "no such photo");
  return { bytes: blob.bytes, contentType: row.contentType };
}
