/** The one-time setup code of a never-claimed hub: redeeming it creates the first local owner. */
import { and, eq, isNull, sql } from "drizzle-orm";
import { randomCode } from "../../shared/ids/index.ts";
import { type HubDb, localAccounts, setupCodes } from "../db/index.ts";
import { getCloudBinding } from "../sync/index.ts";
import { sameHash, sha256 } from "./secrets.ts";

// Crockford base32; 10 characters = 50 bits, read off a screen and typed by hand.
const LENGTH = 10;

export const normaliseSetupCode = (code: string) => code.toUpperCase().replace(/[\s-]/g, "");

export interface AuthState {
  claimed: boolean;
  /** True until the first local owner exists, on a hub never claimed. */
  setupRequired: boolean;
}

export async function authState(db: HubDb): Promise<AuthState> {
  const claimed = (await getCloudBinding(db)) !== undefined;
  const [row] = await db.select({ n: sql<number>`count(*)` }).from(localAccounts);
  return { claimed, setupRequired: !claimed && Number(row?.n ?? 0) === 0 };
}

/**
 * A fresh setup code while setup is required (the previous one stops working, since only its hash
 * is kept); undefined once the hub has an owner or is claimed.
 */
export async function issueSetupCode(db: HubDb, nowMs: number): Promise<string | undefined> {
  if (!(await authState(db)).setupRequired) return undefined;
  const code = randomCode(LENGTH);
  const row = { id: 1, codeHash: sha256(code), createdAt: nowMs, redeemedAt: null };
  await db.insert(setupCodes).values(row).onConflictDoUpdate({ target: setupCodes.id, set: row });
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** Marks the code used if it matches and was not used yet; true when this call redeemed it. */
export async function redeemSetupCode(db: HubDb, code: string, nowMs: number): Promise<boolean> {
  const [row] = await db.select().from(setupCodes).where(eq(setupCodes.id, 1));
  if (!row || row.redeemedAt !== null || !sameHash(normaliseSetupCode(code), row.codeHash)) return false;
  // Conditional on still unredeemed, so two racing requests cannot both redeem it.
  const done = await db
    .update(setupCodes)
    .set({ redeemedAt: nowMs })
    .where(and(eq(setupCodes.id, 1), isNull(setupCodes.redeemedAt), eq(setupCodes.codeHash, row.codeHash)))
    .returning();
  return done.length === 1;
}
