/**
 * Applies one remote action once: the check, the module's effect and the action's record are one
 * transaction, so a record exists exactly when its effect does. A refusal (AppError) rolls the effect back
 * to a savepoint and is recorded FAILED; any other error rolls everything back, and the action, still
 * pending in the cloud, is tried again next round. Only database work runs inside the transaction.
 */
import { eq } from "drizzle-orm";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import type { RemoteActionEnvelope } from "../../shared/sync/index.ts";
import { type HubDb, remoteActions } from "../db/index.ts";
import type { HubTx } from "../desired-state/section.ts";
import { fixedClock, verbsDb } from "../desired-state/tx-db.ts";
import type { HubModule, RemoteActionHandler } from "../module/index.ts";

export interface ApplyActionDeps {
  db: HubDb;
  clock: Clock;
  /** Handlers by action kind (remoteActionsOf(modules)). */
  handlers: ReadonlyMap<string, { module: HubModule; handler: RemoteActionHandler }>;
  /** The event source for a module's name. */
  source(module: HubModule["name"]): EventEnvelope["source"];
}

export type ActionOutcome = "APPLIED" | "FAILED" | "ALREADY_APPLIED";
type Result = { code?: string; message: string } | null;

export async function applyActionOnce(
  deps: ApplyActionDeps,
  action: RemoteActionEnvelope,
): Promise<ActionOutcome> {
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const [done] = await tx
      .select({ id: remoteActions.id })
      .from(remoteActions)
      .where(eq(remoteActions.id, action.id));
    if (done) return "ALREADY_APPLIED";
    const { status, result } = await applyIn(deps, tx, action, now);
    await tx.insert(remoteActions).values({
      id: action.id,
      kind: action.kind,
      target: action.target,
      byUserId: action.by.userId,
      byName: action.by.name,
      status,
      result,
      appliedAt: now,
    });
    return status;
  });
}

async function applyIn(
  deps: ApplyActionDeps,
  tx: HubTx,
  action: RemoteActionEnvelope,
  now: number,
): Promise<{ status: "APPLIED" | "FAILED"; result: Result }> {
  const entry = deps.handlers.get(action.kind);
  // A kind from a newer cloud: said so, rather than left pending to surprise someone after an upgrade.
  if (!entry)
    return failed("VALIDATION_ERROR", `this hub does not know the action ${action.kind}; update it`);
  const input = entry.handler.input.safeParse(action.input);
  if (!input.success) return failed("VALIDATION_ERROR", input.error.issues[0]?.message ?? "invalid input");
  try {
    await tx.transaction(async (savepoint) => {
      const ctx = {
        db: verbsDb(savepoint),
        clock: fixedClock(now),
        source: () => deps.source(entry.module.name),
      };
      await entry.handler.apply(ctx, { ...action, input: input.data });
    });
    return { status: "APPLIED", result: null };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return failed(err.code, err.message);
  }
}

const failed = (code: string, message: string) => ({
  status: "FAILED" as const,
  result: { code, message: message.slice(0, 500) },
});
