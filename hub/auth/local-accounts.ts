/** Local accounts: people who sign in at the hub with a username and password (made with the setup code). */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { HubRole } from "../../shared/desired-state/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { type HubDb, localAccounts } from "../db/index.ts";
import { hashPassword, verifyPassword } from "./password-hash.ts";

export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9._-]{3,40}$/, "3–40 letters, digits, dots, dashes or underscores");
/** Long passphrases welcome; 10 characters at least, since a shop PC is a shared place. */
export const newPasswordSchema = z.string().min(10).max(256);

// Compared against when the username is unknown, so both answers take one scrypt's time.
let dummyHash: Promise<string> | undefined;

export async function createLocalAccount(
  db: HubDb,
  input: { username: string; password: string; role: HubRole },
  nowMs: number,
) {
  const row = {
    id: `local-${uuidv7(nowMs)}`,
    username: input.username,
    name: input.username,
    passwordHash: await hashPassword(input.password),
    role: input.role,
    createdAt: nowMs,
  };
  await db.insert(localAccounts).values(row);
  return row;
}

/** The account when the password matches; undefined otherwise (same work either way). */
export async function checkLocalPassword(db: HubDb, input: { username: string; password: string }) {
  const [row] = await db.select().from(localAccounts).where(eq(localAccounts.username, input.username));
  if (!row) {
    dummyHash ??= hashPassword("not a password of anyone");
    await verifyPassword(input.password, await dummyHash);
    return undefined;
  }
  return (await verifyPassword(input.password, row.passwordHash)) ? row : undefined;
}
