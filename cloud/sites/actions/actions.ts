/** The remote-action queue (contract C4): people act from the web app, the site's hub applies each once as them. */
import { and, asc, desc, eq } from "drizzle-orm";
import type { Clock } from "../../../shared/clock/index.ts";
import { AppError } from "../../../shared/errors/index.ts";
import { uuidv7 } from "../../../shared/ids/index.ts";
import { STAFF_ROLES } from "../../../shared/roles/index.ts";
import type { ActionKind, ActionResult, ActionStatus, RemoteAction } from "../../../shared/sync/index.ts";
import type { AuthenticatedHub } from "../hub-auth.ts";
import type { SiteLedgers } from "../ledger/types.ts";
import * as schema from "../schema.ts";
import { requireMembership, type SitesDb } from "../sites.ts";

export interface ActionsDeps {
  db: SitesDb;
  clock: Clock;
  /** The site's ledger: an action names an alarm the site has, never another site's. */
  ledgers: SiteLedgers;
}

export interface ActionView {
  id: string;
  kind: ActionKind;
  target: string;
  by: { userId: string; name: string };
  status: ActionStatus;
  result?: ActionResult["result"];
  createdAt: string;
  appliedAt?: string;
}

type Row = typeof schema.remoteActions.$inferSelect;

function view(r: Row): ActionView {
  return {
    id: r.id,
    kind: r.kind as ActionKind,
    target: r.target,
    by: { userId: r.byUserId, name: r.byName },
    status: r.status,
    ...(r.result ? { result: JSON.parse(r.result) } : {}),
    createdAt: new Date(r.createdAt).toISOString(),
    ...(r.appliedAt !== null ? { appliedAt: new Date(r.appliedAt).toISOString() } : {}),
  };
}

/** Queues an alarm action by a MAINTAINER or OWNER; the hub records it in their name. */
export async function requestAlarmAction(
  deps: ActionsDeps,
  input: {
    siteId: string;
    user: { id: string; name: string };
    alarmId: string;
    kind: ActionKind;
    input: Record<string, unknown>;
  },
): Promise<{ actionId: string; status: "PENDING" }> {
  await requireMembership(
    { db: deps.db },
    { siteId: input.siteId, userId: input.user.id, roles: STAFF_ROLES },
  );
  // The ledger is the site's own (one per site): another site's alarm id is not in it.
  const alarms = await deps.ledgers.alarms(input.siteId, "all");
  if (!alarms.some((a) => a.alarmId === input.alarmId))
    throw new AppError("NOT_FOUND", "no such alarm in this site");
  const now = deps.clock.now();
  const id = uuidv7(now);
  await deps.db.insert(schema.remoteActions).values({
    id,
    siteId: input.siteId,
    kind: input.kind,
    target: input.alarmId,
    input: JSON.stringify(input.input),
    byUserId: input.user.id,
    byName: input.user.name,
    status: "PENDING",
    createdAt: now,
  });
  return { actionId: id, status: "PENDING" };
}

/** The site's actions, newest first (any member). */
export async function listSiteActions(
  deps: ActionsDeps,
  input: { siteId: string; userId: string; status: "pending" | "all" },
): Promise<ActionView[]> {
  await requireMembership({ db: deps.db }, input);
  const rows = await deps.db
    .select()
    .from(schema.remoteActions)
    .where(
      and(
        eq(schema.remoteActions.siteId, input.siteId),
        input.status === "pending" ? eq(schema.remoteActions.status, "PENDING") : undefined,
      ),
    )
    .orderBy(desc(schema.remoteActions.createdAt))
    .limit(500);
  return rows.map(view);
}

/** Pending actions for the hub's site, oldest first. */
export async function pendingActionsFor(deps: ActionsDeps, hub: AuthenticatedHub): Promise<RemoteAction[]> {
  const rows = await deps.db
    .select()
    .from(schema.remoteActions)
    .where(and(eq(schema.remoteActions.siteId, hub.siteId), eq(schema.remoteActions.status, "PENDING")))
    .orderBy(asc(schema.remoteActions.createdAt))
    .limit(100);
  return rows.map(
    (r) =>
      ({
        id: r.id,
        kind: r.kind,
        target: r.target,
        input: JSON.parse(r.input),
        by: { userId: r.byUserId, name: r.byName },
      }) as RemoteAction,
  );
}

/** Marks an action APPLIED or FAILED with the hub's result; a second report of a finished action changes nothing. */
export async function recordActionResult(
  deps: ActionsDeps,
  hub: AuthenticatedHub,
  input: { actionId: string } & ActionResult,
): Promise<ActionView> {
  const of = and(eq(schema.remoteActions.id, input.actionId), eq(schema.remoteActions.siteId, hub.siteId));
  await deps.db
    .update(schema.remoteActions)
    .set({
      status: input.status,
      result: input.result ? JSON.stringify(input.result) : null,
      appliedAt: deps.clock.now(),
    })
    .where(and(of, eq(schema.remoteActions.status, "PENDING")));
  const row = await deps.db.select().from(schema.remoteActions).where(of).get();
  if (!row) throw new AppError("NOT_FOUND", "no such action for this site");
  return view(row);
}

/**
 * Queues an action of another module's kind (heating's set point and boost): the caller's module has checked
 * that `target` is the site's own; this checks the person's role and records the action for the hub.
 */
export async function requestSiteAction(
  deps: Pick<ActionsDeps, "db" | "clock">,
  input: {
    siteId: string;
    user: { id: string; name: string };
    kind: ActionKind;
    target: string;
    input: Record<string, unknown>;
    roles: readonly (typeof STAFF_ROLES)[number][];
  },
): Promise<{ actionId: string; status: "PENDING" }> {
  await requireMembership(
    { db: deps.db },
    { siteId: input.siteId, userId: input.user.id, roles: input.roles },
  );
  const now = deps.clock.now();
  const id = uuidv7(now);
  await deps.db.insert(schema.remoteActions).values({
    id,
    siteId: input.siteId,
    kind: input.kind,
    target: input.target,
    input: JSON.stringify(input.input),
    byUserId: input.user.id,
    byName: input.user.name,
    status: "PENDING",
    createdAt: now,
  });
  return { actionId: id, status: "PENDING" };
}
