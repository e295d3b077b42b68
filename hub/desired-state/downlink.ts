/**
 * Fetches the site's desired state on each sync round, conditionally on the version applied (or last
 * refused), applies it and reports the result up. Its state shows in `GET /api/cloud` as `desiredState`.
 */
import type { Clock } from "../../shared/clock/index.ts";
import { DESIRED_STATE_PATH } from "../../shared/desired-state/index.ts";
import type { HubDb } from "../db/index.ts";
import type { Logger } from "../ingest/index.ts";
import { type CloudCallDeps, callCloud } from "../sync/cloud-client.ts";
import type { CloudBinding } from "../sync/identity.ts";
import { appliedState, applyDocument, DesiredStateRejected } from "./apply.ts";
import type { HubSection } from "./section.ts";

export interface DesiredStateStatus {
  version: number | null;
  appliedAt: number | null;
  lastError: string | null;
  /** Sections the cloud sent that this hub does not know yet (kept out, never half-applied). */
  unknownSections: string[];
}

export interface DesiredStateDownlinkDeps extends CloudCallDeps {
  db: HubDb;
  log: Logger;
  clock: Clock;
  sections: readonly HubSection[];
  /** Told after a document committed (registry and equipment changes reach ingest and the broker). */
  changed(): Promise<void>;
}

export class DesiredStateDownlink {
  readonly name = "desiredState";
  readonly status: DesiredStateStatus = {
    version: null,
    appliedAt: null,
    lastError: null,
    unknownSections: [],
  };
  private refused: number | null = null;
  private readonly deps: DesiredStateDownlinkDeps;

  constructor(deps: DesiredStateDownlinkDeps) {
    this.deps = deps;
  }

  async run(binding: CloudBinding): Promise<void> {
    const applied = await appliedState(this.deps.db);
    if (applied) Object.assign(this.status, { version: applied.version, appliedAt: applied.appliedAt });
    const known = [applied?.version, this.refused].filter((v): v is number => typeof v === "number");
    const res = await callCloud(this.deps, binding, DESIRED_STATE_PATH(binding.hubId), {
      headers: {
        accept: "application/json",
        ...(known.length > 0 ? { "if-none-match": known.map((v) => `"${v}"`).join(", ") } : {}),
      },
    });
    if (res.status === 304) return;
    const document = (await res.json()) as { version?: unknown };
    const version = typeof document.version === "number" ? document.version : 0;
    try {
      const result = await applyDocument(
        { db: this.deps.db, sections: this.deps.sections, binding, now: this.deps.clock.now() },
        document,
      );
      Object.assign(this.status, {
        version: result.version,
        appliedAt: this.deps.clock.now(),
        lastError: null,
        unknownSections: result.unknown,
      });
      this.refused = null;
      await this.deps.changed();
      await this.report(binding, { version: result.version, error: null });
    } catch (err) {
      if (!(err instanceof DesiredStateRejected)) throw err;
      this.status.lastError = `version ${version} refused: ${err.message}`;
      this.refused = version;
      this.deps.log.warn("desired state refused", { version, reason: err.message });
      if (version > 0) await this.report(binding, { version, error: err.message.slice(0, 2000) });
    }
  }

  private async report(
    binding: CloudBinding,
    body: { version: number; error: string | null },
  ): Promise<void> {
    await callCloud(this.deps, binding, `${DESIRED_STATE_PATH(binding.hubId)}/applied`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  }
}
