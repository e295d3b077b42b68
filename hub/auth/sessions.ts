/** Server-side sessions behind the `outpost_hub_session` cookie: sign-out and member removal end them. */
import { and, eq, lte } from "drizzle-orm";
import type { HubRole } from "../../shared/desired-state/index.ts";
import { type HubDb, hubSessions } from "../db/index.ts";
import { randomToken, sha256 } from "./secrets.ts";

export const SESSION_COOKIE = "outpost_hub_session";
/** A local sign-in lasts a shop day; cloud and admin sessions end with their token. */
export const LOCAL_SESSION_TTL_MS = 12 * 3600_000;

export type SessionKind = "local" | "cloud" | "admin" | "technician";
export interface SessionInput {
  kind: SessionKind;
  subject: string;
  name: string;
  role: HubRole;
  expiresAt: number;
}

/** Starts a session; returns the cookie value (only its hash is stored). */
export async function startSession(db: HubDb, input: SessionInput, nowMs: number): Promise<string> {
  const value = randomToken(32);
  // Sweeping here keeps the table to live sessions without a timer.
  await db.delete(hubSessions).where(lte(hubSessions.expiresAt, nowMs));
  await db.insert(hubSessions).values({ ...input, idHash: sha256(value), createdAt: nowMs });
  return value;
}

export async function findSession(db: HubDb, value: string, nowMs: number) {
  const [row] = await db
    .select()
    .from(hubSessions)
    .where(eq(hubSessions.idHash, sha256(value)));
  if (!row) return undefined;
  if (row.expiresAt <= nowMs) {
    await db.delete(hubSessions).where(lte(hubSessions.expiresAt, nowMs));
    return undefined;
  }
  return row;
}

export async function endSession(db: HubDb, value: string): Promise<void> {
  await db.delete(hubSessions).where(and(eq(hubSessions.idHash, sha256(value))));
}
