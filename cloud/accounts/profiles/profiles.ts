/** Role profiles: owner (seed 000), provider with service area (seed 000), crew with skills and availability (seed 002). */

import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../../../shared/clock/index.ts";
import { uuidv7 } from "../../../shared/ids/index.ts";
import { batch } from "../../db/index.ts";
import type { AccountsDb } from "../signing-keys.ts";
import * as schema from "./schema.ts";

interface ProfileDeps {
  db: AccountsDb;
  clock: Clock;
}

const name = z.string().trim().min(1).max(120);

export const ownerProfileSchema = z.object({
  displayName: name,
  phone: z.string().trim().max(32).optional(),
});

export const providerProfileSchema = z.object({
  companyName: name,
  serviceType: z.string().trim().min(1).max(60),
  serviceArea: z.object({
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    radiusKm: z.number().gt(0).max(500),
  }),
});

export const crewProfileSchema = z.object({
  displayName: name,
  skills: z
    .array(
      z.object({
        category: z.string().trim().min(1).max(60),
        skill: z.string().trim().min(1).max(60),
        years: z.number().int().min(0).max(80),
        proficiency: z.enum(schema.PROFICIENCY_LEVELS),
      }),
    )
    .max(50),
});

export const availabilitySchema = z.object({
  slots: z
    .array(
      z
        .object({ startsAt: z.iso.datetime(), endsAt: z.iso.datetime(), available: z.boolean() })
        .refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), "endsAt must be after startsAt"),
    )
    .max(200),
});

/** Creates or updates the owner's contact fields; plan and balance stay as billing set them. */
export async function putOwnerProfile(
  deps: ProfileDeps,
  userId: string,
  input: z.infer<typeof ownerProfileSchema>,
) {
  const values = { displayName: input.displayName, phone: input.phone ?? null, updatedAt: deps.clock.now() };
  await deps.db
    .insert(schema.ownerProfiles)
    .values({ userId, ...values })
    .onConflictDoUpdate({ target: schema.ownerProfiles.userId, set: values });
}

/** Creates or updates the provider's company and service area; rating and completed jobs are not theirs to set. */
export async function putProviderProfile(
  deps: ProfileDeps,
  userId: string,
  input: z.infer<typeof providerProfileSchema>,
) {
  const { latitude, longitude, radiusKm } = input.serviceArea;
  const values = {
    companyName: input.companyName,
    serviceType: input.serviceType,
    latitude,
    longitude,
    radiusKm,
    updatedAt: deps.clock.now(),
  };
  await deps.db
    .insert(schema.providerProfiles)
    .values({ userId, ...values })
    .onConflictDoUpdate({ target: schema.providerProfiles.userId, set: values });
}

/** Replaces the crew profile and its skills in one batch. */
export async function putCrewProfile(
  deps: ProfileDeps,
  userId: string,
  input: z.infer<typeof crewProfileSchema>,
) {
  const values = { displayName: input.displayName, updatedAt: deps.clock.now() };
  const skills = input.skills.map((s) => ({ userId, ...s }));
  await batch(deps.db, [
    deps.db
      .insert(schema.crewProfiles)
      .values({ userId, ...values })
      .onConflictDoUpdate({ target: schema.crewProfiles.userId, set: values }),
    deps.db.delete(schema.crewSkills).where(eq(schema.crewSkills.userId, userId)),
    ...(skills.length ? [deps.db.insert(schema.crewSkills).values(skills).onConflictDoNothing()] : []),
  ]);
}

/** Replaces the crew member's availability slots in one batch. */
export async function putAvailability(
  deps: ProfileDeps,
  userId: string,
  input: z.infer<typeof availabilitySchema>,
) {
  const now = deps.clock.now();
  const rows = input.slots.map((s) => ({
    id: uuidv7(now),
    userId,
    startsAt: Date.parse(s.startsAt),
    endsAt: Date.parse(s.endsAt),
    available: s.available,
  }));
  await batch(deps.db, [
    deps.db.delete(schema.availabilitySlots).where(eq(schema.availabilitySlots.userId, userId)),
    // D1 binds at most 100 parameters per statement; a slot binds 5.
    ...chunk(rows, 20).map((part) => deps.db.insert(schema.availabilitySlots).values(part)),
  ]);
}

/** Every profile the user has, with skills and availability for crew. */
export async function getProfiles(deps: { db: AccountsDb }, userId: string) {
  const [owner, provider, crew, skills, slots] = await Promise.all([
    deps.db.select().from(schema.ownerProfiles).where(eq(schema.ownerProfiles.userId, userId)).get(),
    deps.db.select().from(schema.providerProfiles).where(eq(schema.providerProfiles.userId, userId)).get(),
    deps.db.select().from(schema.crewProfiles).where(eq(schema.crewProfiles.userId, userId)).get(),
    deps.db.select().from(schema.crewSkills).where(eq(schema.crewSkills.userId, userId)),
    deps.db
      .select()
      .from(schema.availabilitySlots)
      .where(eq(schema.availabilitySlots.userId, userId))
      .orderBy(schema.availabilitySlots.startsAt),
  ]);
  return {
    owner: owner
      ? {
          displayName: owner.displayName,
          phone: owner.phone,
          balanceCents: owner.balanceCents,
          plan: owner.plan,
        }
      : null,
    provider: provider
      ? {
          companyName: provider.companyName,
          serviceType: provider.serviceType,
          rating: provider.rating,
          completedJobs: provider.completedJobs,
          serviceArea: {
            latitude: provider.latitude,
            longitude: provider.longitude,
            radiusKm: provider.radiusKm,
          },
        }
      : null,
    crew: crew
      ? {
          displayName: crew.displayName,
          organisationId: crew.organisationId,
          skills: skills.map(({ category, skill, years, proficiency }) => ({
            category,
            skill,
            years,
            proficiency,
          })),
          availability: slots.map((s) => ({
            startsAt: new Date(s.startsAt).toISOString(),
            endsAt: new Date(s.endsAt).toISOString(),
            available: s.available,
          })),
        }
      : null,
  };
}

function chunk<T>(items: T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let i = 0; i < items.length; i += size) parts.push(items.slice(i, i + size));
  return parts;
}
