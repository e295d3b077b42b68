/** SiteLedger: the Durable Object holding one site's synced events and live state (logic in cloud/sites). */
import { DurableObject } from "cloudflare:workers";
import { type DrizzleSqliteDODatabase, drizzle } from "drizzle-orm/durable-sqlite";
import { type EventBus, queueBus } from "../../cloud/bus/index.ts";
import {
  type AlarmFilter,
  type AlarmView,
  type EquipmentView,
  type EventQuery,
  type EventRecord,
  flushOutbox,
  ingestEvents,
  ledgerSchema,
  migrateLedger,
  outboxSize,
  readAlarms,
  readEquipment,
  readEvents,
  type SyncEvent,
} from "../../cloud/sites/index.ts";
import type { SyncAck, SyncLane } from "../../shared/sync/index.ts";
import type { Env } from "../env.ts";

/** First retry of an unsent outbox; doubles per failure up to the maximum. */
const RETRY_FIRST_MS = 5_000;
const RETRY_MAX_MS = 5 * 60_000;

/** One per site (`idFromName(siteId)`); reached only through RPC from the Worker, which checked the caller. */
export class SiteLedger extends DurableObject<Env> {
  private readonly db: DrizzleSqliteDODatabase<typeof ledgerSchema>;
  private readonly bus: EventBus;
  private flushing: Promise<void> | undefined;
  private failures = 0;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.db = drizzle(ctx.storage, { schema: ledgerSchema });
    this.bus = queueBus(env.EVENTS_QUEUE);
    void ctx.blockConcurrencyWhile(() => migrateLedger(this.db));
  }

  /** Stores a validated batch from `hubId` in one transaction, then hands the new events to the bus. */
  async ingest(hubId: string, events: SyncEvent[], lane: SyncLane = "priority"): Promise<SyncAck> {
    const ack = ingestEvents(this.db, { hubId, lane, events, now: Date.now() });
    if (ack.stored > 0) {
      // Armed before the first attempt: should this instance die before the bus accepts the events,
      // the alarm still flushes the outbox.
      await this.ctx.storage.setAlarm(Date.now() + RETRY_FIRST_MS);
      await this.flush();
    }
    return ack;
  }

  async equipment(): Promise<EquipmentView[]> {
    return readEquipment(this.db);
  }

  async alarms(filter: AlarmFilter): Promise<AlarmView[]> {
    return readAlarms(this.db, filter);
  }

  async events(query: EventQuery): Promise<EventRecord[]> {
    return readEvents(this.db, query);
  }

  /** Retries the outbox. */
  override async alarm(): Promise<void> {
    await this.flush();
  }

  // One flush at a time; it loops until the outbox is empty, so rows added meanwhile go out with it.
  private flush(): Promise<void> {
    this.flushing ??= this.flushOnce().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    try {
      await flushOutbox(this.db, this.bus);
      this.failures = 0;
      if (outboxSize(this.db) === 0) await this.ctx.storage.deleteAlarm();
    } catch (err) {
      this.failures++;
      const delay = Math.min(RETRY_FIRST_MS * 2 ** (this.failures - 1), RETRY_MAX_MS);
      console.error(
        JSON.stringify({
          level: "error",
          message: "outbox flush failed",
          retryInMs: delay,
          error: String(err),
        }),
      );
      await this.ctx.storage.setAlarm(Date.now() + delay);
    }
  }
}
