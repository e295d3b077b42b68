/**
 * Deleting an account (the person asks, with their password) and the check that makes tokens of a deleted
 * account stop working at once: the edge asks `accountExists` on every authenticated request.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { AppError } from "../../shared/errors/index.ts";
import { batch } from "../db/index.ts";
import { credentialAccount } from "./credential-limits.ts";
import { verifyPassword } from "./password.ts";
import * as schema from "./schema.ts";
import type { AccountsDeps } from "./sessions.ts";
import type { AccountsDb } from "./signing-keys.ts";
import { passwordSchema } from "./users.ts";

/** What other modules hold about a person, forgotten through their public functions (never their tables). */
export interface AccountDeletionDeps extends AccountsDeps {
  /** Sites: the person's memberships (`sites.forgetMember`). */
  forgetMemberships(userId: string): Promise<unknown>;
}

export const deleteAccountSchema = z.object({ password: passwordSchema });

/** One primary-key lookup: cheap enough for every authenticated request. */
export async function accountExists(deps: { db: AccountsDb }, userId: string): Promise<boolean> {
  const row = await deps.db
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(eq(schema.users.id, userId))
    .get();
  return row !== undefined;
}

/**
 * Removes the account and everything this module holds about the person, in one batch; the password is a
 * credential check like any other (same budget). Organisations they created stay, without them as member;
 * so do sites, whose module forgets their memberships first.
 */
export async function deleteAccount(
  deps: AccountDeletionDeps,
  input: { userId: string; address: string } & z.infer<typeof deleteAccountSchema>,
): Promise<void> {
  const row = await deps.db.select().from(schema.users).where(eq(schema.users.id, input.userId)).get();
  if (!row) throw new AppError("UNAUTHORIZED", "account no longer exists");
  await deps.credentials.attempt({ account: credentialAccount(row), address: input.address });
  if (!(await verifyPassword(input.password, row.passwordHash))) {
    throw new AppError("UNAUTHORIZED", "password is incorrect");
  }
  const id = input.userId;
  // Other modules first: should this fail the account stays and the person can retry; the other way round
  // a failure would leave memberships nobody can ever remove (no account to ask again with).
  await deps.forgetMemberships(id);
  const { db } = deps;
  await batch(db, [
    db.delete(schema.userRoles).where(eq(schema.userRoles.userId, id)),
    db.delete(schema.refreshTokens).where(eq(schema.refreshTokens.userId, id)),
    db.delete(schema.signInChallenges).where(eq(schema.signInChallenges.userId, id)),
    db.delete(schema.recoveryCodes).where(eq(schema.recoveryCodes.userId, id)),
    db.delete(schema.passwordResets).where(eq(schema.passwordResets.userId, id)),
    db.delete(schema.emailVerifications).where(eq(schema.emailVerifications.userId, id)),
    db.delete(schema.ownerProfiles).where(eq(schema.ownerProfiles.userId, id)),
    db.delete(schema.providerProfiles).where(eq(schema.providerProfiles.userId, id)),
    db.delete(schema.crewProfiles).where(eq(schema.crewProfiles.userId, id)),
    db.delete(schema.crewSkills).where(eq(schema.crewSkills.userId, id)),
    db.delete(schema.availabilitySlots).where(eq(schema.availabilitySlots.userId, id)),
    db.delete(schema.organisationMembers).where(eq(schema.organisationMembers.userId, id)),
    db.delete(schema.users).where(eq(schema.users.id, id)),
  ]);
}
