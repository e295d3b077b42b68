/**
 * The sync agent: each round sends the priority lane, fetches desired state and remote actions, then drains
 * the bulk lane one batch at a time, going back to the priority lane between bulk batches, so an alarm
 * raised during a week-long catch-up goes up next. It runs in the background: start-up never waits for it.
 */
import type { Clock, Timer } from "../../shared/clock/index.ts";
import type { SyncLane } from "../../shared/sync/index.ts";
import type { HubDb } from "../db/index.ts";
import type { DesiredStateStatus } from "../desired-state/downlink.ts";
import type { Logger } from "../ingest/index.ts";
import type { CloudCallDeps } from "./cloud-client.ts";
import { type CloudBinding, getCloudBinding } from "./identity.ts";
import type { RemoteActionsStatus } from "./remote-actions.ts";
import { type LaneBases, prepareLanes, sendLaneBatch } from "./uplink.ts";

/** Something fetched from the cloud each round (desired state, remote actions); its status shows under `name`. */
export interface Downlink {
  readonly name: "desiredState" | "actions";
  readonly status: object;
  run(binding: CloudBinding): Promise<void>;
}

export interface SyncAgentDeps {
  db: HubDb;
  clock: Clock;
  log: Logger;
  fetch?: typeof fetch;
  signingNow?: CloudCallDeps["signingNow"];
  onSignedTime?: CloudCallDeps["onSignedTime"];
  /** Run each round after the priority lane, before the bulk lane. */
  downlinks?: Downlink[];
  /** Run at the start of each claimed round to put events in the outbox (minute rollups). */
  producers?: (() => Promise<unknown>)[];
  /** Delay between polls of an empty outbox. */
  idleMs?: number;
  /** Backoff bounds: full jitter between 0 and min(maxMs, baseMs · 2^failures). */
  backoff?: { baseMs: number; maxMs: number };
}

export interface LaneStatus {
  /** The cloud's cursor for this lane of the current hub id. */
  ackedSeq: number;
  lastAckAt: number | null;
}

export interface SyncStatus {
  claimed: boolean;
  /** False whenever the last round failed or made no progress. */
  healthy: boolean;
  lastSuccessAt: number | null;
  lastError: string | null;
  consecutiveFailures: number;
  /** The priority lane's cursor (kept for older readers; see `lanes`). */
  ackedSeq: number;
  lanes: Record<SyncLane, LaneStatus>;
  /** Each downlink's own status, under its name (the console shows them). */
  desiredState?: DesiredStateStatus;
  actions?: RemoteActionsStatus;
}

export class SyncAgent {
  readonly status: SyncStatus = {
    claimed: false,
    healthy: false,
    lastSuccessAt: null,
    lastError: null,
    consecutiveFailures: 0,
    ackedSeq: 0,
    lanes: { priority: { ackedSeq: 0, lastAckAt: null }, bulk: { ackedSeq: 0, lastAckAt: null } },
  };
  private readonly deps: SyncAgentDeps;
  private timer: Timer | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private hubId: string | null = null;

  constructor(deps: SyncAgentDeps) {
    this.deps = deps;
    // The downlink's status object itself, so it stays current; each downlink's type is its name's.
    for (const downlink of deps.downlinks ?? [])
      (this.status as Record<Downlink["name"], object | undefined>)[downlink.name] = downlink.status;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    await this.running;
  }

  /** Asks for a round soon (after a new event), without waiting out an idle delay. */
  nudge(): void {
    if (!this.stopped && this.status.consecutiveFailures === 0 && !this.running) this.schedule(0);
  }

  /** One round. Returns the events acknowledged; throws on a failed call or a round without progress. */
  async syncOnce(): Promise<number> {
    const binding = await getCloudBinding(this.deps.db);
    this.status.claimed = Boolean(binding);
    if (!binding) return 0;
    if (this.hubId !== binding.hubId) {
      // A new binding (re-claim): its cursors start again.
      this.hubId = binding.hubId;
      for (const lane of Object.values(this.status.lanes))
        Object.assign(lane, { ackedSeq: 0, lastAckAt: null });
    }
    for (const produce of this.deps.producers ?? []) await produce();
    let bases = await prepareLanes(this.deps.db, binding);
    let acked = await this.drain(binding, bases, "priority", Number.POSITIVE_INFINITY);
    for (const downlink of this.deps.downlinks ?? []) await downlink.run(binding);
    for (;;) {
      const bulk = await this.drain(binding, bases, "bulk", 1);
      acked += bulk;
      bases = await prepareLanes(this.deps.db, binding);
      acked += await this.drain(binding, bases, "priority", Number.POSITIVE_INFINITY);
      if (bulk === 0) return acked;
    }
  }

  /** Sends up to `maxBatches` batches of one lane; stops early when the lane is empty or the cloud holds a gap. */
  private async drain(binding: CloudBinding, bases: LaneBases, lane: SyncLane, maxBatches: number) {
    let acked = 0;
    for (let i = 0; i < maxBatches; i++) {
      const sent = await sendLaneBatch(this.deps, binding, lane, bases[lane]);
      if (!sent) break;
      const status = this.status.lanes[lane];
      status.ackedSeq = Math.max(status.ackedSeq, sent.ackedSeq);
      status.lastAckAt = this.deps.clock.now();
      this.status.ackedSeq = this.status.lanes.priority.ackedSeq;
      acked += sent.count;
      // The cloud holds a gap below what we sent: resend from its contiguous point next round.
      if (!sent.complete) break;
    }
    return acked;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer?.cancel();
    this.timer = this.deps.clock.after(delayMs, () => {
      this.timer = null;
      this.running = this.round().finally(() => {
        this.running = null;
      });
    });
  }

  private async round(): Promise<void> {
    const idle = this.deps.idleMs ?? 2000;
    const { baseMs, maxMs } = this.deps.backoff ?? { baseMs: 500, maxMs: 60_000 };
    try {
      await this.syncOnce();
      if (this.status.consecutiveFailures > 0) this.deps.log.info("sync recovered");
      this.status.consecutiveFailures = 0;
      this.status.lastError = null;
      this.status.healthy = this.status.claimed;
      this.status.lastSuccessAt = this.deps.clock.now();
      this.schedule(idle);
    } catch (err) {
      this.status.consecutiveFailures++;
      this.status.lastError = err instanceof Error ? err.message : String(err);
      this.status.healthy = false;
      const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(this.status.consecutiveFailures, 20));
      const delay = Math.random() * ceiling;
      if (this.status.consecutiveFailures <= 3 || this.status.consecutiveFailures % 20 === 0) {
        this.deps.log.warn("sync failed; backing off", {
          error: this.status.lastError,
          delayMs: Math.round(delay),
        });
      }
      this.schedule(delay);
    }
  }
}
