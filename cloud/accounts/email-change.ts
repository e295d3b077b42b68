/** Changing an account's email: the password proves the person, a link mailed to the new address proves the mailbox. */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { sha256Hex } from "../../shared/digest/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { randomToken } from "../../shared/ids/index.ts";
import { mailedLink } from "../../shared/mailed-links/index.ts";
import { credentialAccount } from "./credential-limits.ts";
import { VERIFICATION_TTL_MS } from "./email-verification.ts";
import { verifyPassword } from "./password.ts";
import * as schema from "./schema.ts";
import type { AccountsDeps } from "./sessions.ts";
import { emailSchema, passwordSchema } from "./users.ts";

export const changeEmailSchema = z.object({ email: emailSchema, password: passwordSchema }).strict();

/**
 * Mails a 24-hour link to the new address; the account keeps its old address until that link is followed
 * (the verify-email page completes it). The password is a credential check like any other (same budget).
 */
export async function requestEmailChange(
  deps: AccountsDeps,
  input: { userId: string; address: string } & z.infer<typeof changeEmailSchema>,
): Promise<void> {
  const row = await deps.db.select().from(schema.users).where(eq(schema.users.id, input.userId)).get();
  if (!row) throw new AppError("UNAUTHORIZED", "account no longer exists");
  await deps.credentials.attempt({ account: credentialAccount(row), address: input.address });
  if (!(await verifyPassword(input.password, row.passwordHash))) {
    throw new AppError("UNAUTHORIZED", "password is incorrect");
  }
  if (input.email === row.email) throw new AppError("VALIDATION_ERROR", "that is already your email address");
  const taken = await deps.db
    .select({ id: schema.users.id })
    .from(schema.users)
    .where(eq(schema.users.email, input.email))
    .get();
  if (taken) throw new AppError("CONFLICT", "an account with this email already exists");
  const token = randomToken(32);
  const now = deps.clock.now();
  await deps.db.insert(schema.emailVerifications).values({
    tokenHash: await sha256Hex(token),
    userId: row.id,
    createdAt: now,
    expiresAt: now + VERIFICATION_TTL_MS,
    newEmail: input.email,
  });
  await deps.mailer.send({
    to: input.email,
    template: "email-verification",
    data: { link: mailedLink(deps.verifyUrl, token), expiresInHours: "24" },
  });
}

/** Moves the account to the address its link proved; CONFLICT when another account took it meanwhile. */
export async function applyEmailChange(
  deps: Pick<AccountsDeps, "db">,
  input: { userId: string; email: string; at: number },
): Promise<void> {
  try {
    await deps.db
      .update(schema.users)
      .set({ email: input.email, emailVerifiedAt: input.at })
      .where(eq(schema.users.id, input.userId));
  } catch (err) {
    // users.email is unique: another account signed up with the address after the link was sent.
    if (String(err).includes("UNIQUE")) {
      throw new AppError("CONFLICT", "an account with this email already exists");
    }
    throw err;
  }
}
