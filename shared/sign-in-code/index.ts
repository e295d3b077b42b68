/**
 * Short one-time sign-in codes for a hub (issue 19): the cloud issues one, only its hash comes down in
 * desired state, and a person types it at the hub's console, which checks it with the cloud unreachable.
 */
import { z } from "zod";
import { randomCode } from "../ids/index.ts";

/** 10 Crockford symbols = 50 bits; guesses at the hub are throttled per address (hub/auth/throttle.ts). */
export const SIGN_IN_CODE_LENGTH = 10;
/** A code works for four hours after it is issued, and once. */
export const SIGN_IN_CODE_TTL_MS = 4 * 3600_000;

/** A fresh code, shown as `ABCDE-FGHJK` (the dash and case are ignored when typed). */
export function newSignInCode(): string {
  const code = randomCode(SIGN_IN_CODE_LENGTH);
  return `${code.slice(0, 5)}-${code.slice(5)}`;
}

/** What was typed, as it was issued: upper case, no spaces or dashes; the look-alikes O, I and L read as 0, 1 and 1. */
export const normaliseSignInCode = (code: string) =>
  code.toUpperCase().replace(/[\s-]/g, "").replace(/O/g, "0").replace(/[IL]/g, "1");

/**
 * The hash that comes down in desired state: SHA-256 of the site id and the code, hex. Bound to the site so a
 * hash copied from one hub's database matches nothing at another; its four-hour life bounds offline guessing.
 */
export async function hashSignInCode(siteId: string, code: string): Promise<string> {
  const bytes = new TextEncoder().encode(`outpost-sign-in-code:${siteId}:${normaliseSignInCode(code)}`);
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A code as the hub receives it: the hash, who it signs in, and until when. */
export const signInCodeEntry = z.object({
  hash: z.string().regex(/^[0-9a-f]{64}$/),
  userId: z.string().min(1).max(64),
  name: z.string().max(120),
  expiresAt: z.string().datetime({ offset: true }),
});
export type SignInCodeEntry = z.infer<typeof signInCodeEntry>;
