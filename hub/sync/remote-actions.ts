/**
 * Remote actions down (contract C4): each round the hub fetches the site's pending actions, applies each
 * once (by action id) as the person who took it through the hub's own alarm verbs, and sends the result up.
 * The alarm events those verbs write go up the priority lane as usual.
 */
import { eq, isNull } from "drizzle-orm";
import { AppError } from "../../shared/errors/index.ts";
import { type RemoteAction, remoteActionSchema } from "../../shared/sync/index.ts";
import { recordedPerson } from "../auth/index.ts";
import { alarms, type HubDb, remoteActions } from "../db/index.ts";
import type { Logger } from "../ingest/index.ts";
import { acknowledgeAlarm, closeAlarm, type LifecycleContext } from "../monitoring/index.ts";
import { type CloudCallDeps, callCloud } from "./cloud-client.ts";
import type { CloudBinding } from "./identity.ts";

export interface RemoteActionsDeps extends CloudCallDeps, Omit<LifecycleContext, "db"> {
  db: HubDb;
  log: Logger;
}

export interface RemoteActionsStatus {
  applied: number;
  failed: number;
  lastActionAt: number | null;
}

type Outcome = { status: "APPLIED" | "FAILED"; result: { code?: string; message: string } | null };

export class RemoteActionsDownlink {
  readonly name = "actions";
  readonly status: RemoteActionsStatus = { applied: 0, failed: 0, lastActionAt: null };
  private readonly deps: RemoteActionsDeps;

  constructor(deps: RemoteActionsDeps) {
    this.deps = deps;
  }

  async run(binding: CloudBinding): Promise<void> {
    const res = await callCloud(this.deps, binding, `/v1/hubs/${binding.hubId}/actions`, {
      headers: { accept: "application/json" },
    });
    const { actions } = (await res.json()) as { actions: unknown[] };
    for (const raw of actions) {
      const parsed = remoteActionSchema.safeParse(raw);
      if (!parsed.success) {
        this.deps.log.warn("remote action refused", { id: (raw as { id?: unknown })?.id });
        continue;
      }
      await this.applyOnce(parsed.data);
    }
    await this.reportAll(binding);
  }

  /** Applies the action unless this hub already did (its id is the idempotency key). */
  private async applyOnce(action: RemoteAction): Promise<void> {
    const [done] = await this.deps.db.select().from(remoteActions).where(eq(remoteActions.id, action.id));
    if (done) return;
    const outcome = await this.apply(action);
    const now = this.deps.clock.now();
    await this.deps.db
      .insert(remoteActions)
      .values({
        id: action.id,
        kind: action.kind,
        target: action.target,
        byUserId: action.by.userId,
        byName: action.by.name,
        status: outcome.status,
        result: outcome.result,
        appliedAt: now,
      })
      .onConflictDoNothing();
    this.status[outcome.status === "APPLIED" ? "applied" : "failed"]++;
    this.status.lastActionAt = now;
  }

  private async apply(action: RemoteAction): Promise<Outcome> {
    // The person recorded on the alarm is the cloud user (their id, the subject of their tokens).
    // Recorded as a person at the hub would be: the same words in the food-safety record either way.
    const by = recordedPerson({ subject: action.by.userId, name: action.by.name });
    try {
      if (action.kind === "alarm.acknowledge") {
        await acknowledgeAlarm(this.deps, { alarmId: action.target, by, note: action.input.note });
      } else {
        await closeAlarm(this.deps, {
          alarmId: action.target,
          by,
          correctiveAction: action.input.correctiveAction,
        });
      }
      return { status: "APPLIED", result: null };
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      // Applied before a crash that lost the record: the alarm already carries this person's change.
      if (err.code === "CONFLICT" && (await this.alreadyDoneBy(action, by)))
        return { status: "APPLIED", result: null };
      return { status: "FAILED", result: { code: err.code, message: err.message.slice(0, 500) } };
    }
  }

  private async alreadyDoneBy(action: RemoteAction, by: string): Promise<boolean> {
    const [alarm] = await this.deps.db.select().from(alarms).where(eq(alarms.id, action.target));
    return action.kind === "alarm.acknowledge" ? alarm?.acknowledgedBy === by : alarm?.closedBy === by;
  }

  /** Sends every result not yet acknowledged by the cloud; a failed send is retried next round. */
  private async reportAll(binding: CloudBinding): Promise<void> {
    const unreported = await this.deps.db
      .select()
      .from(remoteActions)
      .where(isNull(remoteActions.reportedAt));
    for (const row of unreported) {
      await callCloud(this.deps, binding, `/v1/hubs/${binding.hubId}/actions/${row.id}/result`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ status: row.status, result: row.result ?? null }),
      });
      await this.deps.db
        .update(remoteActions)
        .set({ reportedAt: this.deps.clock.now() })
        .where(eq(remoteActions.id, row.id));
    }
  }
}
