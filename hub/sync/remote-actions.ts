/**
 * Remote actions down (contract C4): each round the hub fetches the site's pending actions, applies each
 * once (by action id) through the handler its module registered, and sends the result up. The events the
 * handlers write go up the priority lane as usual.
 */
import { eq, isNull } from "drizzle-orm";
import { remoteActionEnvelopeSchema } from "../../shared/sync/index.ts";
import { remoteActions } from "../db/index.ts";
import type { Logger } from "../ingest/index.ts";
import { type ApplyActionDeps, applyActionOnce } from "./apply-action.ts";
import { type CloudCallDeps, callCloud } from "./cloud-client.ts";
import type { CloudBinding } from "./identity.ts";

export interface RemoteActionsDeps extends CloudCallDeps, ApplyActionDeps {
  log: Logger;
}

export interface RemoteActionsStatus {
  applied: number;
  failed: number;
  lastActionAt: number | null;
}

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
      const parsed = remoteActionEnvelopeSchema.safeParse(raw);
      if (!parsed.success) {
        this.deps.log.warn("remote action refused", { id: (raw as { id?: unknown })?.id });
        continue;
      }
      const outcome = await applyActionOnce(this.deps, parsed.data);
      if (outcome === "ALREADY_APPLIED") continue;
      this.status[outcome === "APPLIED" ? "applied" : "failed"]++;
      this.status.lastActionAt = this.deps.clock.now();
    }
    await this.reportAll(binding);
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
