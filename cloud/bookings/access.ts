/**
 * Who may do what. Another organisation's things answer NOT_FOUND, like missing ones, so ids cannot be probed.
 */
import { and, eq } from "drizzle-orm";
import { AppError } from "../../shared/errors/index.ts";
import { type BookingsDb, schema } from "./db.ts";

export type Organisation = typeof schema.organisations.$inferSelect;
export type OrgKind = Organisation["kind"];

/** The organisation when `userId` belongs to it with `role` (an admin also passes "member"). */
export async function orgFor(
  db: BookingsDb,
  orgId: string,
  userId: string,
  role: "admin" | "member",
  kind?: OrgKind,
): Promise<Organisation> {
  const row = await db
    .select({ org: schema.organisations, role: schema.orgMembers.role })
    .from(schema.orgMembers)
    .innerJoin(schema.organisations, eq(schema.organisations.id, schema.orgMembers.orgId))
    .where(and(eq(schema.orgMembers.orgId, orgId), eq(schema.orgMembers.userId, userId)))
    .get();
  if (!row || (kind && row.org.kind !== kind)) throw new AppError("NOT_FOUND", "no such organisation");
  if (role === "admin" && row.role !== "admin")
    throw new AppError("FORBIDDEN", "only the organisation's admins may do this");
  return row.org;
}

export async function isAdminOf(db: BookingsDb, orgId: string, userId: string): Promise<boolean> {
  const row = await db
    .select({ role: schema.orgMembers.role })
    .from(schema.orgMembers)
    .where(and(eq(schema.orgMembers.orgId, orgId), eq(schema.orgMembers.userId, userId)))
    .get();
  return row?.role === "admin";
}

export async function isMemberOf(db: BookingsDb, orgId: string, userId: string): Promise<boolean> {
  const row = await db
    .select({ role: schema.orgMembers.role })
    .from(schema.orgMembers)
    .where(and(eq(schema.orgMembers.orgId, orgId), eq(schema.orgMembers.userId, userId)))
    .get();
  return row !== undefined;
}

/** Every organisation `userId` belongs to, by name. */
export async function organisationsOf(
  db: BookingsDb,
  userId: string,
): Promise<{ id: string; name: string; timeZone: string }[]> {
  return db
    .select({
      id: schema.organisations.id,
      name: schema.organisations.name,
      timeZone: schema.organisations.timeZone,
    })
    .from(schema.orgMembers)
    .innerJoin(schema.organisations, eq(schema.organisations.id, schema.orgMembers.orgId))
    .where(eq(schema.orgMembers.userId, userId))
    .orderBy(schema.organisations.name)
    .limit(100);
}
