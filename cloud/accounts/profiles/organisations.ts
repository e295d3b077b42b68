/** Organisations (seed 002 customers): event organisers and crew companies, unique by organisation number. */

import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../../../shared/clock/index.ts";
import { AppError } from "../../../shared/errors/index.ts";
import { uuidv7 } from "../../../shared/ids/index.ts";
import { batch } from "../../db/index.ts";
import type { AccountsDb } from "../signing-keys.ts";
import * as schema from "./schema.ts";

/** Swedish organisationsnummer (NNNNNN-NNNN), stored with the dash so one company is one row. */
export const orgNumberSchema = z
  .string()
  .trim()
  .regex(/^\d{6}-?\d{4}$/, "expected NNNNNN-NNNN")
  .transform((s) => (s.includes("-") ? s : `${s.slice(0, 6)}-${s.slice(6)}`));

export const organisationSchema = z.object({
  kind: z.enum(schema.ORGANISATION_KINDS),
  name: z.string().trim().min(1).max(160),
  orgNumber: orgNumberSchema,
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  phone: z.string().trim().max(32).optional(),
  address: z.string().trim().max(200).optional(),
  city: z.string().trim().max(100).optional(),
  zipCode: z.string().trim().max(16).optional(),
});
export type OrganisationInput = z.infer<typeof organisationSchema>;

export interface OrganisationView extends OrganisationInput {
  id: string;
  role: "ADMIN" | "MEMBER";
  createdAt: string;
}

/** Registers an organisation with its creator as ADMIN; CONFLICT when the number is registered already. */
export async function createOrganisation(
  deps: { db: AccountsDb; clock: Clock },
  input: { userId: string; organisation: OrganisationInput },
): Promise<OrganisationView> {
  const now = deps.clock.now();
  const id = uuidv7(now);
  const [inserted] = await batch(deps.db, [
    deps.db
      .insert(schema.organisations)
      .values({ id, ...input.organisation, createdBy: input.userId, createdAt: now })
      .onConflictDoNothing({ target: schema.organisations.orgNumber })
      .returning({ id: schema.organisations.id }),
    // Inserted only if the organisation row was: after a conflict the SELECT finds nothing.
    deps.db.insert(schema.organisationMembers).select(
      deps.db
        .select({
          organisationId: schema.organisations.id,
          userId: sql<string>`${input.userId}`.as("user_id"),
          role: sql<"ADMIN">`'ADMIN'`.as("role"),
          createdAt: sql<number>`${now}`.as("created_at"),
        })
        .from(schema.organisations)
        .where(eq(schema.organisations.id, id)),
    ),
  ]);
  if (inserted.length === 0)
    throw new AppError("CONFLICT", "an organisation with this organisation number exists");
  return { id, ...input.organisation, role: "ADMIN", createdAt: new Date(now).toISOString() };
}

/** Organisations the user belongs to. */
export async function listOrganisationsOf(
  deps: { db: AccountsDb },
  userId: string,
): Promise<OrganisationView[]> {
  const rows = await deps.db
    .select({ org: schema.organisations, role: schema.organisationMembers.role })
    .from(schema.organisationMembers)
    .innerJoin(schema.organisations, eq(schema.organisations.id, schema.organisationMembers.organisationId))
    .where(eq(schema.organisationMembers.userId, userId));
  return rows.map(({ org, role }) => ({
    id: org.id,
    kind: org.kind,
    name: org.name,
    orgNumber: org.orgNumber,
    email: org.email,
    ...(org.phone ? { phone: org.phone } : {}),
    ...(org.address ? { address: org.address } : {}),
    ...(org.city ? { city: org.city } : {}),
    ...(org.zipCode ? { zipCode: org.zipCode } : {}),
    role,
    createdAt: new Date(org.createdAt).toISOString(),
  }));
}

/** The caller's role in an organisation; FORBIDDEN for non-members and unknown ids alike. */
export async function requireOrganisationRole(
  deps: { db: AccountsDb },
  input: { organisationId: string; userId: string; roles: readonly ("ADMIN" | "MEMBER")[] },
) {
  const row = await deps.db
    .select({ role: schema.organisationMembers.role })
    .from(schema.organisationMembers)
    .where(
      and(
        eq(schema.organisationMembers.organisationId, input.organisationId),
        eq(schema.organisationMembers.userId, input.userId),
      ),
    )
    .get();
  if (!row || !input.roles.includes(row.role))
    throw new AppError("FORBIDDEN", "not allowed in this organisation");
  return row.role;
}
