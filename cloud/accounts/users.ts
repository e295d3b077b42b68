/** Users: input schemas, creation with a chosen role, the password check, and roles for the token. */
import { eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import type { AccessTokenUser, PlatformRole } from "../../shared/access-token/index.ts";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { batch } from "../db/index.ts";
import { type CredentialLimiter, credentialAccount, unknownAccount } from "./credential-limits.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { ownerProfiles } from "./profiles/schema.ts";
import * as schema from "./schema.ts";
import type { AccountsDb } from "./signing-keys.ts";

// The upper bound keeps hashing cost flat; the lower one is the NIST SP 800-63B §3.1.1.2 minimum.
export const passwordSchema = z.string().min(8).max(256);

/** Email is trimmed and lower-cased before anything else, so `A@x.io ` and `a@x.io` are one account. */
export const emailSchema = z.string().trim().toLowerCase().max(254).pipe(z.email());

export const credentialsSchema = z.object({ email: emailSchema, password: passwordSchema });
export type Credentials = z.infer<typeof credentialsSchema>;

/** Roles a person may choose at sign-up; `admin` is only granted by another admin. */
export const signUpSchema = credentialsSchema.extend({
  role: z.enum(["owner", "provider", "crew"]).default("owner"),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export type UserRow = typeof schema.users.$inferSelect;

/** Creates an account holding `role`; CONFLICT when the normalised email is taken. */
export async function createUser(
  deps: { db: AccountsDb; clock: Clock },
  input: SignUpInput,
): Promise<AccessTokenUser> {
  const now = deps.clock.now();
  const id = uuidv7(now);
  const passwordHash = await hashPassword(input.password);
  const [inserted] = await batch(deps.db, [
    deps.db
      .insert(schema.users)
      .values({ id, email: input.email, passwordHash, createdAt: now })
      .onConflictDoNothing({ target: schema.users.email })
      .returning({ id: schema.users.id }),
    // Inserted only if the user row above was: the SELECT finds nothing after a conflict.
    deps.db.insert(schema.userRoles).select(
      deps.db
        .select({ userId: schema.users.id, role: sqlText(input.role), grantedAt: sqlNumber(now) })
        .from(schema.users)
        .where(eq(schema.users.id, id)),
    ),
  ]);
  if (inserted.length === 0) throw new AppError("CONFLICT", "an account with this email already exists");
  return { id, email: input.email, roles: [input.role] };
}

// Hashed once per isolate: unknown emails still pay for one PBKDF2 run, so timing does not reveal accounts.
let decoyHash: Promise<string> | undefined;

/** The user whose password this is; one UNAUTHORIZED answer whether the email is unknown or the password wrong. */
export async function checkCredentials(
  deps: { db: AccountsDb; credentials: CredentialLimiter },
  input: Credentials & { address: string },
): Promise<UserRow> {
  const row = await deps.db.select().from(schema.users).where(eq(schema.users.email, input.email)).get();
  await deps.credentials.attempt({
    account: row ? credentialAccount(row) : unknownAccount(input.email),
    address: input.address,
  });
  decoyHash ??= hashPassword("decoy password never matches");
  const ok = await verifyPassword(input.password, row?.passwordHash ?? (await decoyHash));
  if (!row || !ok) throw new AppError("UNAUTHORIZED", "email or password is incorrect");
  return row;
}

export async function rolesOf(deps: { db: AccountsDb }, userId: string): Promise<PlatformRole[]> {
  const rows = await deps.db
    .select({ role: schema.userRoles.role })
    .from(schema.userRoles)
    .where(eq(schema.userRoles.userId, userId));
  return rows.map((r) => r.role).sort();
}

/** The token's view of a user, or UNAUTHORIZED when the account is gone. */
export async function tokenUser(deps: { db: AccountsDb }, userId: string): Promise<AccessTokenUser> {
  const row = await deps.db
    .select({ id: schema.users.id, email: schema.users.email, emailVerifiedAt: schema.users.emailVerifiedAt })
    .from(schema.users)
    .where(eq(schema.users.id, userId))
    .get();
  if (!row) throw new AppError("UNAUTHORIZED", "account no longer exists");
  return {
    id: row.id,
    email: row.email,
    roles: await rolesOf(deps, userId),
    emailVerified: row.emailVerifiedAt !== null,
  };
}

/** Public function for other modules (sites' desired state, members list): email and display name per user id; unknown ids are left out. */
export async function peopleByIds(
  deps: { db: AccountsDb },
  userIds: readonly string[],
): Promise<{ userId: string; email: string; displayName: string | null }[]> {
  if (userIds.length === 0) return [];
  const rows = await deps.db
    .select({
      userId: schema.users.id,
      email: schema.users.email,
      displayName: ownerProfiles.displayName,
    })
    .from(schema.users)
    .leftJoin(ownerProfiles, eq(ownerProfiles.userId, schema.users.id))
    .where(inArray(schema.users.id, [...userIds]));
  return rows.map((r) => ({ ...r, displayName: r.displayName ?? null }));
}

/** Grants a platform role (admins only; the route checks). Granting twice is a no-op. */
export async function grantRole(
  deps: { db: AccountsDb; clock: Clock },
  input: { userId: string; role: PlatformRole },
): Promise<void> {
  await tokenUser(deps, input.userId).catch(() => {
    throw new AppError("NOT_FOUND", "no such user");
  });
  await deps.db
    .insert(schema.userRoles)
    .values({ ...input, grantedAt: deps.clock.now() })
    .onConflictDoNothing();
}

function sqlText(value: string) {
  return sql<PlatformRole>`${value}`.as("role");
}
function sqlNumber(value: number) {
  return sql<number>`${value}`.as("granted_at");
}
