/** Email verification: a single-use 24-hour link proves the address; until then no invites or payments. */
import { and, eq, gt, isNull } from "drizzle-orm";
import { z } from "zod";
import { sha256Hex } from "../../shared/digest/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { randomToken } from "../../shared/ids/index.ts";
import { mailedLink } from "../../shared/mailed-links/index.ts";
import { batch } from "../db/index.ts";
import { applyEmailChange } from "./email-change.ts";
import * as schema from "./schema.ts";
import type { AccountsDeps } from "./sessions.ts";

export const VERIFICATION_TTL_MS = 24 * 60 * 60_000;
export const verifyEmailSchema = z.object({ token: z.string().min(16).max(128) });

/** Mails a fresh verification link to the account's address. */
export async function sendVerification(
  deps: AccountsDeps,
  user: { id: string; email: string },
): Promise<void> {
  const token = randomToken(32);
  const now = deps.clock.now();
  await deps.db.insert(schema.emailVerifications).values({
    tokenHash: await sha256Hex(token),
    userId: user.id,
    createdAt: now,
    expiresAt: now + VERIFICATION_TTL_MS,
  });
  await deps.mailer.send({
    to: user.email,
    template: "email-verification",
    data: { link: mailedLink(deps.verifyUrl, token), expiresInHours: "24" },
  });
}

/** Spends the token (one conditional UPDATE, single use under races) and marks the address verified. */
export async function verifyEmail(
  deps: AccountsDeps,
  input: z.infer<typeof verifyEmailSchema>,
): Promise<void> {
  const now = deps.clock.now();
  const [spent] = await deps.db
    .update(schema.emailVerifications)
    .set({ usedAt: now })
    .where(
      and(
        eq(schema.emailVerifications.tokenHash, await sha256Hex(input.token)),
        isNull(schema.emailVerifications.usedAt),
        gt(schema.emailVerifications.expiresAt, now),
      ),
    )
    .returning({ userId: schema.emailVerifications.userId, newEmail: schema.emailVerifications.newEmail });
  if (!spent) throw new AppError("FORBIDDEN", "verification link is invalid, used or expired");
  if (spent.newEmail !== null) {
    await applyEmailChange(deps, { userId: spent.userId, email: spent.newEmail, at: now });
    return;
  }
  await batch(deps.db, [
    deps.db
      .update(schema.users)
      .set({ emailVerifiedAt: now })
      .where(and(eq(schema.users.id, spent.userId), isNull(schema.users.emailVerifiedAt))),
  ]);
}
