/** Providers (seed 000 Profiles): sign-up, their crew, and which providers can reach a site, nearest first. */
import { and, between, eq } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "../../shared/errors/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { batch } from "../db/index.ts";
import type { MarketplaceDeps } from "./deps.ts";
import { bayesianRating, boundingBox, distanceKm, MAX_SERVICE_RADIUS_KM } from "./geo.ts";
import * as schema from "./schema.ts";

export const latitude = z.number().min(-90).max(90);
export const longitude = z.number().min(-180).max(180);

export const providerInput = z.object({
  name: z.string().trim().min(1).max(120),
  serviceTypes: z.array(z.enum(schema.SERVICE_TYPES)).min(1).max(schema.SERVICE_TYPES.length),
  latitude,
  longitude,
  radiusKm: z.number().positive().max(MAX_SERVICE_RADIUS_KM),
});

export interface ProviderView {
  id: string;
  name: string;
  serviceTypes: string[];
  latitude: number;
  longitude: number;
  radiusKm: number;
  rating: number | null;
  ratings: number;
  score: number;
  completedJobs: number;
}

type ProviderRow = typeof schema.providers.$inferSelect;

export function providerView(row: ProviderRow): ProviderView {
  return {
    id: row.id,
    name: row.name,
    serviceTypes: JSON.parse(row.serviceTypes) as string[],
    latitude: row.latitude,
    longitude: row.longitude,
    radiusKm: row.radiusKm,
    rating: row.ratingCount ? row.ratingSum / row.ratingCount : null,
    ratings: row.ratingCount,
    score: bayesianRating(row.ratingSum, row.ratingCount),
    completedJobs: row.completedJobs,
  };
}

/** Signs the user up as a provider organisation; they become its ADMIN. */
export async function signUpProvider(
  deps: MarketplaceDeps,
  input: z.infer<typeof providerInput> & { userId: string },
): Promise<ProviderView> {
  const now = deps.clock.now();
  const id = uuidv7(now);
  const row: ProviderRow = {
    id,
    name: input.name,
    serviceTypes: JSON.stringify(input.serviceTypes),
    latitude: input.latitude,
    longitude: input.longitude,
    radiusKm: input.radiusKm,
    ratingSum: 0,
    ratingCount: 0,
    completedJobs: 0,
    createdBy: input.userId,
    createdAt: now,
  };
  await batch(deps.db, [
    deps.db.insert(schema.providers).values(row),
    deps.db
      .insert(schema.providerMembers)
      .values({ providerId: id, userId: input.userId, role: "ADMIN", createdAt: now }),
  ]);
  return providerView(row);
}

/** The providers the user belongs to, with their role in each. */
export async function myProviders(deps: MarketplaceDeps, userId: string) {
  const rows = await deps.db
    .select({ provider: schema.providers, role: schema.providerMembers.role })
    .from(schema.providerMembers)
    .innerJoin(schema.providers, eq(schema.providers.id, schema.providerMembers.providerId))
    .where(eq(schema.providerMembers.userId, userId));
  return rows.map((r) => ({ ...providerView(r.provider), role: r.role }));
}

/** The provider row when `userId` holds one of `roles` in it; NOT_FOUND otherwise (ids cannot be probed). */
export async function requireProviderRole(
  deps: MarketplaceDeps,
  providerId: string,
  userId: string,
  roles: readonly ("ADMIN" | "TECHNICIAN")[] = ["ADMIN"],
): Promise<ProviderRow> {
  const row = await deps.db
    .select({ provider: schema.providers, role: schema.providerMembers.role })
    .from(schema.providerMembers)
    .innerJoin(schema.providers, eq(schema.providers.id, schema.providerMembers.providerId))
    .where(and(eq(schema.providerMembers.providerId, providerId), eq(schema.providerMembers.userId, userId)))
    .get();
  if (!row) throw new AppError("NOT_FOUND", "no such provider");
  if (!roles.includes(row.role))
    throw new AppError("FORBIDDEN", `requires provider role ${roles.join(" or ")}`);
  return row.provider;
}

/** Adds a person to the provider's crew (a TECHNICIAN), by their account id. */
export async function addTechnician(
  deps: MarketplaceDeps,
  input: { providerId: string; userId: string; technicianId: string },
): Promise<void> {
  await requireProviderRole(deps, input.providerId, input.userId);
  const [person] = await deps.people([input.technicianId]);
  if (!person) throw new AppError("NOT_FOUND", "no such account");
  await deps.db
    .insert(schema.providerMembers)
    .values({
      providerId: input.providerId,
      userId: input.technicianId,
      role: "TECHNICIAN",
      createdAt: deps.clock.now(),
    })
    .onConflictDoNothing();
}

/** The crew with names (never ids alone on a page). */
export async function listTechnicians(deps: MarketplaceDeps, providerId: string, userId: string) {
  await requireProviderRole(deps, providerId, userId, ["ADMIN", "TECHNICIAN"]);
  const rows = await deps.db
    .select({ userId: schema.providerMembers.userId })
    .from(schema.providerMembers)
    .where(
      and(eq(schema.providerMembers.providerId, providerId), eq(schema.providerMembers.role, "TECHNICIAN")),
    );
  const people = await deps.people(rows.map((r) => r.userId));
  return people.map((p) => ({ userId: p.userId, name: p.displayName ?? p.email }));
}

/**
 * Providers whose service area covers the point and who offer `serviceType`: a box query on the widest
 * possible area, then great-circle distance against each provider's own radius. Ordered by distance (to
 * 0.1 km) then by Bayesian-average rating.
 */
export async function nearbyProviders(
  deps: MarketplaceDeps,
  point: { lat: number; lon: number },
  serviceType: string,
): Promise<(ProviderView & { distanceKm: number })[]> {
  const box = boundingBox(point, MAX_SERVICE_RADIUS_KM);
  const rows = await deps.db
    .select()
    .from(schema.providers)
    .where(
      and(
        between(schema.providers.latitude, box.minLat, box.maxLat),
        between(schema.providers.longitude, box.minLon, box.maxLon),
      ),
    );
  return rows
    .map((row) => ({
      ...providerView(row),
      distanceKm: Math.round(distanceKm(point, { lat: row.latitude, lon: row.longitude }) * 10) / 10,
    }))
    .filter((p) => p.distanceKm <= p.radiusKm && p.serviceTypes.includes(serviceType))
    .sort((a, b) => a.distanceKm - b.distanceKm || b.score - a.score);
}
