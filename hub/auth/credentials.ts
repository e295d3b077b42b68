/** Who is asking: bearer tokens (cloud hub token or shell admin token), sessions, and the sign-in verbs that start sessions. */
import { eq, sql } from "drizzle-orm";
import { decodeProtectedHeader } from "jose";
import type { Clock } from "../../shared/clock/index.ts";
import { HUB_ROLE_OF, type HubRole } from "../../shared/desired-state/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import { type HubDb, localAccounts } from "../db/index.ts";
import { getCloudBinding } from "../sync/index.ts";
import { ADMIN_SUBJECT, verifyAdminToken } from "./admin-token.ts";
import { verifyCloudToken } from "./cloud-token.ts";
import { checkLocalPassword, createLocalAccount } from "./local-accounts.ts";
import { memberOf } from "./members.ts";
import { endSession, findSession, LOCAL_SESSION_TTL_MS, type SessionKind, startSession } from "./sessions.ts";
import { authState, redeemSetupCode } from "./setup-code.ts";
import {
  type Attempt,
  addressScope,
  SIGN_IN_LIMITS,
  type SignInThrottle,
  type ThrottleKey,
} from "./throttle.ts";
import { trustedNow } from "./trusted-time.ts";

export interface AuthDeps {
  db: HubDb;
  clock: Clock;
  /** This hub's own id (ensureHubId); admin tokens are bound to it. */
  hubId: string;
  throttle: SignInThrottle;
}

/** The person behind a request; `subject` is what the hub records (alarm acknowledgements, closures). */
export interface Principal {
  subject: string;
  name: string;
  role: HubRole;
  kind: SessionKind;
}

export interface SignedIn {
  principal: Principal;
  /** The cookie value of the new session. */
  session: string;
  expiresAt: number;
  /** Seconds the session lasts, for the cookie's Max-Age. */
  maxAgeS: number;
}

const RANK: Record<HubRole, number> = { read: 0, operate: 1, admin: 2 };
/** True when `role` may do what `needed` allows (admin ⊃ operate ⊃ read). */
export const roleAllows = (role: HubRole, needed: HubRole) => RANK[role] >= RANK[needed];

const unauthorized = () => new AppError("UNAUTHORIZED", "sign-in required");

/** Verifies a bearer token: HS256 is the shell's admin token, ES256 a cloud hub-scoped token. */
export async function principalOfToken(
  deps: AuthDeps,
  token: string,
): Promise<Principal & { expiresAt: number }> {
  let alg: string | undefined;
  try {
    alg = decodeProtectedHeader(token).alg;
  } catch {
    throw new AppError("UNAUTHORIZED", "malformed token");
  }
  const now = await trustedNow(deps.db, deps.clock);
  if (alg === "HS256") {
    try {
      const admin = await verifyAdminToken(deps.db, deps.hubId, token, now);
      return {
        subject: admin.subject,
        name: "Hub shell",
        role: "admin",
        kind: "admin",
        expiresAt: admin.expiresAt,
      };
    } catch {
      throw new AppError("UNAUTHORIZED", "invalid or expired admin token");
    }
  }
  const cloudHubId = (await getCloudBinding(deps.db))?.hubId;
  const cloud = await verifyCloudToken(deps.db, { token, cloudHubId, nowMs: now });
  return { ...cloud, kind: "cloud" };
}

/** The principal of a session cookie; a cloud session re-reads the member, so removal and demotion apply at once. */
export async function principalOfSession(deps: AuthDeps, value: string): Promise<Principal> {
  const row = await findSession(deps.db, value, await trustedNow(deps.db, deps.clock));
  if (!row) throw new AppError("UNAUTHORIZED", "session ended; sign in again");
  if (row.kind === "cloud") {
    const member = await memberOf(deps.db, row.subject);
    if (!member) {
      await endSession(deps.db, value);
      throw new AppError("UNAUTHORIZED", "no longer a member of this site");
    }
    return { subject: row.subject, name: row.name, role: HUB_ROLE_OF[member.role], kind: "cloud" };
  }
  if (row.kind === "local") {
    const [account] = await deps.db.select().from(localAccounts).where(eq(localAccounts.id, row.subject));
    if (!account) throw unauthorized();
    return { subject: account.id, name: account.name, role: account.role, kind: "local" };
  }
  if (row.kind === "technician" && !(await onOpenWorkOrder(deps.db, row.subject))) {
    await endSession(deps.db, value);
    throw new AppError("UNAUTHORIZED", "no open work order names you here any more");
  }
  return { subject: row.subject, name: row.name, role: row.role, kind: row.kind };
}

/** True while the `service` section lists `userId` on one of the site's open work orders. */
async function onOpenWorkOrder(db: HubDb, userId: string): Promise<boolean> {
  const rows = await db.all(
    sql`SELECT 1 FROM service_work_orders, json_each(service_work_orders.technicians)
        WHERE json_extract(json_each.value, '$.userId') = ${userId} LIMIT 1`,
  );
  return rows.length > 0;
}

// Never forgiven by a success: signing in to an account of one's own would otherwise wipe guesses at another.
const addressKey = (address: string): ThrottleKey => ({
  key: `addr:${addressScope(address)}`,
  rule: SIGN_IN_LIMITS.perAddress,
});

/** Runs the costly check under a reserved attempt: a throw settles it as a failure, a return as a success. */
async function settled<T>(attempt: Attempt, check: () => Promise<T>): Promise<T> {
  try {
    const result = await check();
    attempt.succeeded();
    return result;
  } catch (err) {
    attempt.failed();
    throw err;
  }
}

/**
 * Username and password → a local session. Throttled by address first (20 failures in 15 minutes), then
 * by account (5). The account's lockout does not bind an address with no failures and no attempt in
 * flight in the window: otherwise anyone on the LAN could lock the local owner out — of an unclaimed
 * hub, whose only other way in is the shell — for as long as they keep guessing. What this leaves a
 * guesser is one more try per fresh address (IPv6 counted by /64) per window, against scrypt.
 */
export async function signInLocal(
  deps: AuthDeps,
  input: { username: string; password: string; address: string },
): Promise<SignedIn> {
  const address = addressKey(input.address);
  const account: ThrottleKey = {
    key: `account:${input.username}`,
    rule: SIGN_IN_LIMITS.perAccount,
    // Read here and reserved below with no await between, so a concurrent attempt cannot slip in.
    waived: deps.throttle.count(address.key) === 0,
    forgiveOnSuccess: true,
  };
  const row = await settled(deps.throttle.reserve([address, account]), async () => {
    const found = await checkLocalPassword(deps.db, input);
    if (!found) throw new AppError("UNAUTHORIZED", "wrong username or password");
    return found;
  });
  return start(
    deps,
    { kind: "local", subject: row.id, name: row.name, role: row.role },
    LOCAL_SESSION_TTL_MS,
  );
}

/** Redeems the one-time setup code: creates the first local owner (admin) and signs them in. */
export async function setUpOwner(
  deps: AuthDeps,
  input: { code: string; username: string; password: string; address: string },
): Promise<SignedIn> {
  await settled(deps.throttle.reserve([addressKey(input.address)]), async () => {
    if (!(await authState(deps.db)).setupRequired)
      throw new AppError("CONFLICT", "this hub is already set up");
    if (!(await redeemSetupCode(deps.db, input.code, deps.clock.now()))) {
      throw new AppError("UNAUTHORIZED", "wrong or already used setup code");
    }
  });
  const row = await createLocalAccount(deps.db, { ...input, role: "admin" }, deps.clock.now());
  return start(
    deps,
    { kind: "local", subject: row.id, name: row.name, role: row.role },
    LOCAL_SESSION_TTL_MS,
  );
}

/** A cloud hub token (or a shell admin token) → a browser session that ends with the token. */
export async function signInWithToken(
  deps: AuthDeps,
  input: { token: string; address: string },
): Promise<SignedIn> {
  const principal = await settled(deps.throttle.reserve([addressKey(input.address)]), () =>
    principalOfToken(deps, input.token),
  );
  const { expiresAt, ...who } = principal;
  const now = await trustedNow(deps.db, deps.clock);
  return start(deps, who, expiresAt - now);
}

async function start(deps: AuthDeps, who: Principal, ttlMs: number): Promise<SignedIn> {
  const now = await trustedNow(deps.db, deps.clock);
  const expiresAt = now + ttlMs;
  const session = await startSession(deps.db, { ...who, expiresAt }, now);
  return { principal: who, session, expiresAt, maxAgeS: Math.max(1, Math.floor(ttlMs / 1000)) };
}

export { ADMIN_SUBJECT, endSession };
