/** The sync agent: sends the outbox up in seq order, in the background, backing off while the cloud is away. */

import { decodeCbor } from "../../shared/cbor/index.ts";
import type { Clock } from "../../shared/clock/index.ts";
import { SYNC_CONTENT_TYPE, type SyncAck, signHubToken } from "../../shared/sync/index.ts";
import type { HubDb } from "../db/index.ts";
import type { Logger } from "../ingest/index.ts";
import { markSent, pendingEvents } from "../outbox/index.ts";
import { buildBatch } from "./batch.ts";
import { type CloudBinding, getCloudBinding } from "./identity.ts";

export interface SyncAgentDeps {
  db: HubDb;
  clock: Clock;
  log: Logger;
  fetch?: typeof fetch;
  /** Delay between polls of an empty outbox. */
  idleMs?: number;
  /** Backoff bounds: full jitter between 0 and min(maxMs, baseMs · 2^failures). */
  backoff?: { baseMs: number; maxMs: number };
}

export interface SyncStatus {
  claimed: boolean;
  lastSuccessAt: number | null;
  lastError: string | null;
  consecutiveFailures: number;
  ackedSeq: number;
}

export class SyncAgent {
  readonly status: SyncStatus = {
    claimed: false,
    lastSuccessAt: null,
    lastError: null,
    consecutiveFailures: 0,
    ackedSeq: 0,
  };
  private readonly deps: SyncAgentDeps;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;

  constructor(deps: SyncAgentDeps) {
    this.deps = deps;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Asks for a round soon (after a new event), without waiting out an idle delay. */
  nudge(): void {
    if (!this.stopped && this.status.consecutiveFailures === 0 && !this.running) this.schedule(0);
  }

  /** One round: sends batches until the outbox is empty or a send fails. Returns events acknowledged. */
  async syncOnce(): Promise<number> {
    const binding = await getCloudBinding(this.deps.db);
    this.status.claimed = Boolean(binding);
    if (!binding) return 0;
    let acked = 0;
    for (;;) {
      const rows = await pendingEvents(this.deps.db, 500);
      const batch = buildBatch(rows, binding);
      if (!batch) return acked;
      const ack = await this.send(binding, batch.body);
      if (ack.ackedSeq > this.status.ackedSeq) this.status.ackedSeq = ack.ackedSeq;
      await markSent(this.deps.db, ack.ackedSeq, this.deps.clock.now());
      acked += batch.count;
      // The cloud holds a gap below what we sent: resend from its contiguous point next round.
      if (ack.ackedSeq < batch.lastSeq) return acked;
    }
  }

  private async send(binding: CloudBinding, body: Uint8Array<ArrayBuffer>): Promise<SyncAck> {
    const token = await signHubToken(binding.privateJwk, binding, this.deps.clock.now());
    const res = await (this.deps.fetch ?? fetch)(
      new URL(`/v1/hubs/${binding.hubId}/events`, binding.cloudUrl),
      {
        method: "POST",
        headers: {
          "content-type": SYNC_CONTENT_TYPE,
          accept: SYNC_CONTENT_TYPE,
          authorization: `Bearer ${token}`,
        },
        body,
        signal: AbortSignal.timeout(15_000),
      },
    );
    if (!res.ok) throw new Error(`sync refused: ${res.status} ${(await res.text()).slice(0, 300)}`);
    return decodeCbor(new Uint8Array(await res.arrayBuffer())) as SyncAck;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.round().finally(() => {
        this.running = null;
      });
    }, delayMs);
    this.timer.unref?.();
  }

  private async round(): Promise<void> {
    const idle = this.deps.idleMs ?? 2000;
    const { baseMs, maxMs } = this.deps.backoff ?? { baseMs: 500, maxMs: 60_000 };
    try {
      await this.syncOnce();
      if (this.status.consecutiveFailures > 0) this.deps.log.info("sync recovered");
      this.status.consecutiveFailures = 0;
      this.status.lastError = null;
      this.status.lastSuccessAt = this.deps.clock.now();
      this.schedule(idle);
    } catch (err) {
      this.status.consecutiveFailures++;
      this.status.lastError = String(err);
      const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(this.status.consecutiveFailures, 20));
      const delay = Math.random() * ceiling;
      if (this.status.consecutiveFailures <= 3 || this.status.consecutiveFailures % 20 === 0) {
        this.deps.log.warn("sync failed; backing off", { error: String(err), delayMs: Math.round(delay) });
      }
      this.schedule(delay);
    }
  }
}
