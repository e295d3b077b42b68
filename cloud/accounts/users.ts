/** Sign-up and sign-in with email and password; both answer with an access token. */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { AccessTokenUser } from "../../shared/access-token/index.ts";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import * as schema from "./schema.ts";
import type { AccountsDb, KeyRing } from "./signing-keys.ts";
import { type IssuedToken, issueAccessToken } from "./tokens.ts";

export interface AccountsDeps {
  db: AccountsDb;
  keys: KeyRing;
  clock: Clock;
}

/** Email is trimmed and lower-cased before anything else, so `A@x.io ` and `a@x.io` are one account. */
export const credentialsSchema = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  // The upper bound keeps hashing cost flat; the lower one is the NIST SP 800-63B minimum.
  password: z.string().min(8).max(256),
});
export type Credentials = z.infer<typeof credentialsSchema>;

export interface Session extends IssuedToken {
  user: AccessTokenUser;
}

/** Creates an account; CONFLICT when the normalised email is taken. */
export async function signUp(deps: AccountsDeps, input: Credentials): Promise<Session> {
  const now = deps.clock.now();
  const user = { id: uuidv7(now), email: input.email };
  const inserted = await deps.db
    .insert(schema.users)
    .values({ ...user, passwordHash: await hashPassword(input.password), createdAt: now })
    .onConflictDoNothing({ target: schema.users.email })
    .returning({ id: schema.users.id });
  if (inserted.length === 0) throw new AppError("CONFLICT", "an account with this email already exists");
  return session(deps, user);
}

// Hashed once per isolate: unknown emails still pay for one PBKDF2 run, so timing does not reveal accounts.
let decoyHash: Promise<string> | undefined;

/** Checks the password; one UNAUTHORIZED answer whether the email is unknown or the password wrong. */
export async function signIn(deps: AccountsDeps, input: Credentials): Promise<Session> {
  const row = await deps.db.select().from(schema.users).where(eq(schema.users.email, input.email)).get();
  decoyHash ??= hashPassword("decoy password never matches");
  const ok = await verifyPassword(input.password, row?.passwordHash ?? (await decoyHash));
  if (!row || !ok) throw new AppError("UNAUTHORIZED", "email or password is incorrect");
  return session(deps, { id: row.id, email: row.email });
}

async function session(deps: AccountsDeps, user: AccessTokenUser): Promise<Session> {
  const token = await issueAccessToken(await deps.keys.signingKey(), user, deps.clock.now());
  return { user, ...token };
}
