/** Organisations (organisers and crew companies), their members, and organisers' tariffs. */
import { and, eq } from "drizzle-orm";
import { AppError } from "../../shared/errors/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { runBatch } from "../db/index.ts";
import { type OrgKind, orgFor } from "./access.ts";
import { type BookingsDeps, schema } from "./db.ts";
import { type TariffUnit, vatRateOf } from "./pricing.ts";

export interface NewOrganisation {
  kind: OrgKind;
  name: string;
  country?: string;
  vatNumber?: string | null;
  address?: string | null;
  timeZone?: string;
}

/** Creates the organisation with its creator as its first admin. */
export async function createOrganisation(deps: BookingsDeps, userId: string, input: NewOrganisation) {
  const country = (input.country ?? "SE").toUpperCase();
  vatRateOf(country); // refuses a country whose VAT rate we do not know, before anything is written
  const now = deps.clock.now();
  const org = {
    id: uuidv7(now),
    kind: input.kind,
    name: input.name,
    country,
    vatNumber: input.vatNumber ?? null,
    address: input.address ?? null,
    timeZone: input.timeZone ?? "Europe/Stockholm",
    createdAt: now,
  };
  await runBatch(deps.db, [
    deps.db.insert(schema.organisations).values(org),
    deps.db.insert(schema.orgMembers).values({ orgId: org.id, userId, role: "admin" }),
  ]);
  return org;
}

export async function myOrganisations(deps: BookingsDeps, userId: string) {
  return deps.db
    .select({
      id: schema.organisations.id,
      kind: schema.organisations.kind,
      name: schema.organisations.name,
      country: schema.organisations.country,
      vatNumber: schema.organisations.vatNumber,
      timeZone: schema.organisations.timeZone,
      role: schema.orgMembers.role,
    })
    .from(schema.orgMembers)
    .innerJoin(schema.organisations, eq(schema.organisations.id, schema.orgMembers.orgId))
    .where(eq(schema.orgMembers.userId, userId))
    .all();
}

export async function addMember(
  deps: BookingsDeps,
  adminId: string,
  orgId: string,
  member: { userId: string; role: "admin" | "member" },
) {
  await orgFor(deps.db, orgId, adminId, "admin");
  await deps.db
    .insert(schema.orgMembers)
    .values({ orgId, ...member })
    .onConflictDoUpdate({
      target: [schema.orgMembers.orgId, schema.orgMembers.userId],
      set: { role: member.role },
    });
}

export interface NewTariff {
  category: string;
  skill: string;
  unit: TariffUnit;
  amount: number;
  currency?: string;
}

/** Sets the organiser's tariff for a category and skill (one per pair; a new amount replaces the old). */
export async function setTariff(deps: BookingsDeps, userId: string, organiserId: string, input: NewTariff) {
  await orgFor(deps.db, organiserId, userId, "admin", "organiser");
  const now = deps.clock.now();
  const row = {
    id: uuidv7(now),
    organiserId,
    category: input.category,
    skill: input.skill,
    unit: input.unit,
    amount: input.amount,
    currency: (input.currency ?? "sek").toLowerCase(),
    createdAt: now,
  };
  await deps.db
    .insert(schema.tariffs)
    .values(row)
    .onConflictDoUpdate({
      target: [schema.tariffs.organiserId, schema.tariffs.category, schema.tariffs.skill],
      set: { unit: row.unit, amount: row.amount, currency: row.currency },
    });
  return tariffFor(deps, organiserId, input.category, input.skill);
}

/** Only the organiser's own members see its tariffs. */
export async function listTariffs(deps: BookingsDeps, userId: string, organiserId: string) {
  await orgFor(deps.db, organiserId, userId, "member", "organiser");
  return deps.db.select().from(schema.tariffs).where(eq(schema.tariffs.organiserId, organiserId)).all();
}

export async function tariffFor(deps: BookingsDeps, organiserId: string, category: string, skill: string) {
  const tariff = await deps.db
    .select()
    .from(schema.tariffs)
    .where(
      and(
        eq(schema.tariffs.organiserId, organiserId),
        eq(schema.tariffs.category, category),
        eq(schema.tariffs.skill, skill),
      ),
    )
    .get();
  if (!tariff) throw new AppError("NOT_FOUND", `no tariff for ${category} / ${skill}`);
  return tariff;
}
