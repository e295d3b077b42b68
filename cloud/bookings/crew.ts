/**
 * Crew members, their skills and availability, and their sealed personal fields (SSN, bank account): sealed
 * at rest with the accounts data key, readable only by the crew member and their company's admins.
 */
import { and, asc, eq, gt, inArray, lt } from "drizzle-orm";
import { AppError } from "../../shared/errors/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { runBatch } from "../db/index.ts";
import { isAdminOf, orgFor } from "./access.ts";
import { type BookingsDeps, schema } from "./db.ts";

export interface Skill {
  category: string;
  skill: string;
  years: number;
  proficiency: number;
}

export interface NewCrewMember {
  name: string;
  /** The crew member's own account, when they have one. */
  userId?: string | null;
  skills?: Skill[];
  ssn?: string;
  bankAccount?: string;
}

export async function addCrewMember(
  deps: BookingsDeps,
  adminId: string,
  companyId: string,
  input: NewCrewMember,
) {
  await orgFor(deps.db, companyId, adminId, "admin", "crew_company");
  const now = deps.clock.now();
  const id = uuidv7(now);
  const seal = (v: string | undefined) => (v === undefined ? null : deps.box.seal(v, `crew:${id}`));
  const [ssnSealed, bankAccountSealed] = await Promise.all([seal(input.ssn), seal(input.bankAccount)]);
  await runBatch(deps.db, [
    deps.db.insert(schema.crewMembers).values({
      id,
      companyId,
      userId: input.userId ?? null,
      name: input.name,
      ssnSealed,
      bankAccountSealed,
      createdAt: now,
    }),
    ...(input.skills ?? []).map((s) => deps.db.insert(schema.crewSkills).values({ crewId: id, ...s })),
  ]);
  return { id, companyId, name: input.name };
}

export async function crewRow(deps: BookingsDeps, crewId: string) {
  const row = await deps.db.select().from(schema.crewMembers).where(eq(schema.crewMembers.id, crewId)).get();
  if (!row) throw new AppError("NOT_FOUND", "no such crew member");
  return row;
}

/** The crew member themself, or an admin of their company, may change and read their private fields. */
async function privateAccess(deps: BookingsDeps, userId: string, crewId: string) {
  const crew = await crewRow(deps, crewId);
  if (crew.userId === userId || (await isAdminOf(deps.db, crew.companyId, userId))) return crew;
  throw new AppError("NOT_FOUND", "no such crew member");
}

export async function readPrivate(deps: BookingsDeps, userId: string, crewId: string) {
  const crew = await privateAccess(deps, userId, crewId);
  const open = (v: string | null) => (v === null ? null : deps.box.open(v, `crew:${crew.id}`));
  const [ssn, bankAccount] = await Promise.all([open(crew.ssnSealed), open(crew.bankAccountSealed)]);
  return { crewId: crew.id, ssn, bankAccount };
}

export async function writePrivate(
  deps: BookingsDeps,
  userId: string,
  crewId: string,
  input: { ssn?: string; bankAccount?: string },
) {
  const crew = await privateAccess(deps, userId, crewId);
  const set: { ssnSealed?: string; bankAccountSealed?: string } = {};
  if (input.ssn !== undefined) set.ssnSealed = await deps.box.seal(input.ssn, `crew:${crew.id}`);
  if (input.bankAccount !== undefined)
    set.bankAccountSealed = await deps.box.seal(input.bankAccount, `crew:${crew.id}`);
  if (Object.keys(set).length > 0)
    await deps.db.update(schema.crewMembers).set(set).where(eq(schema.crewMembers.id, crew.id));
}

/** The crew member or their company's admins set skills (replacing one of the same category and skill). */
export async function setSkill(deps: BookingsDeps, userId: string, crewId: string, skill: Skill) {
  await privateAccess(deps, userId, crewId);
  await deps.db
    .insert(schema.crewSkills)
    .values({ crewId, ...skill })
    .onConflictDoUpdate({
      target: [schema.crewSkills.crewId, schema.crewSkills.category, schema.crewSkills.skill],
      set: { years: skill.years, proficiency: skill.proficiency },
    });
}

export async function addAvailability(
  deps: BookingsDeps,
  userId: string,
  crewId: string,
  slot: { start: number; end: number },
) {
  await privateAccess(deps, userId, crewId);
  if (!(slot.end > slot.start)) throw new AppError("VALIDATION_ERROR", "a slot must end after it starts");
  const id = uuidv7(deps.clock.now());
  await deps.db.insert(schema.availability).values({ id, crewId, startAt: slot.start, endAt: slot.end });
  return { id, crewId, start: slot.start, end: slot.end };
}

/** Runs `read` over `ids` in chunks a D1 statement can bind (at most 100 parameters). */
export async function inChunks<T>(ids: string[], read: (chunk: string[]) => Promise<T[]>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += 90) out.push(...(await read(ids.slice(i, i + 90))));
  return out;
}

/** Slots overlapping [from, to), earliest first. */
export async function availabilityOf(deps: BookingsDeps, crewIds: string[], from: number, to: number) {
  const slots = await inChunks(crewIds, (chunk) =>
    deps.db
      .select()
      .from(schema.availability)
      .where(
        and(
          inArray(schema.availability.crewId, chunk),
          lt(schema.availability.startAt, to),
          gt(schema.availability.endAt, from),
        ),
      )
      .all(),
  );
  return slots.sort((a, b) => a.startAt - b.startAt);
}

/** Public crew listing (names, companies, skills): what an organiser needs to book; never private fields. */
export async function listCrew(
  deps: BookingsDeps,
  filter: { companyId?: string; category?: string; skill?: string },
) {
  const crew = await deps.db
    .select({
      id: schema.crewMembers.id,
      name: schema.crewMembers.name,
      companyId: schema.crewMembers.companyId,
    })
    .from(schema.crewMembers)
    .where(filter.companyId ? eq(schema.crewMembers.companyId, filter.companyId) : undefined)
    .orderBy(asc(schema.crewMembers.name))
    .limit(500)
    .all();
  const ids = crew.map((c) => c.id);
  const skills: (typeof schema.crewSkills.$inferSelect)[] = [];
  // D1 binds at most 100 parameters per statement.
  for (let i = 0; i < ids.length; i += 90)
    skills.push(
      ...(await deps.db
        .select()
        .from(schema.crewSkills)
        .where(inArray(schema.crewSkills.crewId, ids.slice(i, i + 90)))
        .all()),
    );
  const companies = await deps.db
    .select({ id: schema.organisations.id, name: schema.organisations.name })
    .from(schema.organisations)
    .where(eq(schema.organisations.kind, "crew_company"))
    .all();
  const companyName = new Map(companies.map((c) => [c.id, c.name]));
  return crew
    .map((c) => ({
      ...c,
      companyName: companyName.get(c.companyId) ?? null,
      skills: skills.filter((s) => s.crewId === c.id).map(({ crewId: _, ...s }) => s),
    }))
    .filter(
      (c) =>
        // Category and skill must match on the same skill entry.
        c.skills.some(
          (s) =>
            (!filter.category || s.category === filter.category) &&
            (!filter.skill || s.skill === filter.skill),
        ) ||
        (!filter.category && !filter.skill),
    );
}
