/**
 * Fetches the site's desired state on each sync round, stating the sections this hub applies and at which
 * schema versions (`Outpost-Sections`), conditionally on the ETag it applied (or last refused); applies it
 * and reports the result up. Its state shows in `GET /api/cloud` as `desiredState`.
 */
import type { Clock } from "../../shared/clock/index.ts";
import type { AppliedReport } from "../../shared/desired-state/index.ts";
import {
  DESIRED_STATE_PATH,
  formatSectionSet,
  SECTIONS_HEADER,
  type UnservableSection,
} from "../../shared/desired-state/index.ts";
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
  /** `name@version` of sections the cloud sent that this hub cannot apply (kept out, never half-applied). */
  unknownSections: string[];
  /** Sections this hub applies that the cloud cannot serve it at any version it knows. */
  unservableSections: UnservableSection[];
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
    unservableSections: [],
  };
  /** The ETag of the last document refused: not fetched again until it changes. */
  private refused: string | null = null;
  private readonly deps: DesiredStateDownlinkDeps;
  private readonly stated: string;

  constructor(deps: DesiredStateDownlinkDeps) {
    this.deps = deps;
    this.stated = formatSectionSet(deps.sections.map((s) => ({ section: s.name, version: s.version })));
  }

  async run(binding: CloudBinding): Promise<void> {
    const applied = await appliedState(this.deps.db);
    if (applied) Object.assign(this.status, { version: applied.version, appliedAt: applied.appliedAt });
    // The ETag names the section set it was served for: a hub that learned a section misses and gets it.
    const known = [applied?.etag, this.refused].filter((v): v is string => typeof v === "string");
    const res = await callCloud(this.deps, binding, DESIRED_STATE_PATH(binding.hubId), {
      headers: {
        accept: "application/json",
        [SECTIONS_HEADER]: this.stated,
        ...(known.length > 0 ? { "if-none-match": known.join(", ") } : {}),
      },
    });
    if (res.status === 304) return;
    const etag = res.headers.get("etag") ?? undefined;
    const document = (await res.json()) as { version?: unknown };
    const version = typeof document.version === "number" ? document.version : 0;
    try {
      const now = this.deps.clock.now();
      const result = await applyDocument(
        { db: this.deps.db, sections: this.deps.sections, binding, now, etag },
        document,
      );
      Object.assign(this.status, {
        version: result.version,
        appliedAt: now,
        lastError: null,
        unknownSections: result.unknown,
        unservableSections: result.unservable,
      });
      if (result.unservable.length > 0 || result.unknown.length > 0)
        this.deps.log.warn("desired state: sections left out", {
          version: result.version,
          unservable: result.unservable,
          unknown: result.unknown,
        });
      this.refused = null;
      await this.deps.changed();
      await this.report(binding, { version: result.version, error: null, sections: result.applied });
    } catch (err) {
      if (!(err instanceof DesiredStateRejected)) throw err;
      this.status.lastError = `version ${version} refused: ${err.message}`;
      this.refused = etag ?? null;
      this.deps.log.warn("desired state refused", { version, reason: err.message });
      if (version > 0) await this.report(binding, { version, error: err.message.slice(0, 2000) });
    }
  }

  private async report(binding: CloudBinding, body: AppliedReport): Promise<void> {
    await callCloud(this.deps, binding, `${DESIRED_STATE_PATH(binding.hubId)}/applied`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  }
}
