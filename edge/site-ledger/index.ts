/** SiteLedger: the Durable Object holding one site's synced events and live state (logic in cloud/sites). */
import { DurableObject } from "cloudflare:workers";
import { type DrizzleSqliteDODatabase, drizzle } from "drizzle-orm/durable-sqlite";
import type { EventBus } from "../../cloud/bus/index.ts";
import {
  type AlarmFilter,
  type AlarmView,
  type EquipmentView,
  type EventQuery,
  type EventRecord,
  flushOutbox,
  type HistoryRange,
  type HistoryView,
  ledgerSchema,
  migrateLedger,
  noteContact,
  outboxSize,
  presenceChanges,
  pushLive,
  RETENTION_EVERY_MS,
  readAlarms,
  readEquipment,
  readEvents,
  readHistory,
  readRecord,
  readSnapshot,
  type SyncEvent,
  storeBatch,
} from "../../cloud/sites/index.ts";
import { type Clock, systemClock } from "../../shared/clock/index.ts";
import { LIVE_PROTOCOL, type LiveMessage } from "../../shared/live/index.ts";
import type { FoodSafetyRecord } from "../../shared/records/food-safety.ts";
import type { SyncAck, SyncLane } from "../../shared/sync/index.ts";
import type { Env } from "../env.ts";
import { queueBus } from "../queue/queue-bus.ts";
import { LIVE_SITE_HEADER, LIVE_USER_HEADER } from "./headers.ts";

/** First retry of an unsent outbox; doubles per failure up to the maximum. */
const RETRY_FIRST_MS = 5_000;
const RETRY_MAX_MS = 5 * 60_000;

/**
 * One per site (`idFromName(siteId)`); reached only through RPC and forwarded upgrades from the Worker, which
 * checked the caller. Its one alarm serves both the outbox retry and the hub's offline deadline.
 */
export class SiteLedger extends DurableObject<Env> {
  private readonly db: DrizzleSqliteDODatabase<typeof ledgerSchema>;
  private readonly bus: EventBus;
  private flushing: Promise<void> | undefined;
  private failures = 0;
  private retentionAt = 0;
  /** Its time: the runtime constructs it with the system clock; a test may give it a ManualClock. */
  clock: Clock;

  constructor(ctx: DurableObjectState, env: Env, clock: Clock = systemClock) {
    super(ctx, env);
    this.clock = clock;
    this.db = drizzle(ctx.storage, { schema: ledgerSchema });
    this.bus = queueBus(env.EVENTS_QUEUE);
    void ctx.blockConcurrencyWhile(() => migrateLedger(this.db));
  }

  /**
   * Stores a validated batch from `hubId` in one transaction, pushes the projected changes to live sockets,
   * then hands the new events to the bus.
   */
  async ingest(hubId: string, events: SyncEvent[], lane: SyncLane = "priority"): Promise<SyncAck> {
    const now = this.clock.now();
    const retentionDue = now - this.retentionAt >= RETENTION_EVERY_MS;
    if (retentionDue) this.retentionAt = now;
    const { ack, messages } = storeBatch(this.db, { hubId, lane, events, now, retentionDue });
    pushLive(this.ctx.getWebSockets(), messages);
    if (ack.stored > 0) {
      // Armed before the first attempt: should this instance die before the bus accepts the events,
      // the alarm still flushes the outbox.
      await this.ctx.storage.setAlarm(now + RETRY_FIRST_MS);
      await this.flush();
    } else {
      await this.reschedule(null);
    }
    return ack;
  }

  /** A contact from the hub that carried no events (e.g. a desired-state poll): keeps it shown online. */
  async noteContact(hubId: string): Promise<void> {
    pushLive(this.ctx.getWebSockets(), noteContact(this.db, hubId, this.clock.now()));
    if (!this.flushing)
      await this.reschedule(outboxSize(this.db) > 0 ? this.clock.now() + RETRY_FIRST_MS : null);
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

  async history(equipmentId: string, range: HistoryRange): Promise<HistoryView> {
    return readHistory(this.db, { equipmentId, range, now: this.clock.now() });
  }

  async record(equipmentId: string, period: { from: number; to: number }): Promise<FoodSafetyRecord> {
    return readRecord(this.db, { equipmentId, ...period });
  }

  /** Accepts a live socket (hibernation API: the object may sleep while sockets stay open) and sends the snapshot. */
  override async fetch(request: Request): Promise<Response> {
    const userId = request.headers.get(LIVE_USER_HEADER);
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket" || !userId) {
      return new Response("expected a WebSocket upgrade from the Worker", { status: 400 });
    }
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server, [
      `site:${request.headers.get(LIVE_SITE_HEADER) ?? ""}`,
      `user:${userId}`,
    ]);
    server.send(JSON.stringify(readSnapshot(this.db, this.clock.now()) satisfies LiveMessage));
    return new Response(null, {
      status: 101,
      webSocket: client,
      headers: { "sec-websocket-protocol": LIVE_PROTOCOL },
    });
  }

  /** Ends `userId`'s live sockets (4403: the client should not reconnect with the same token). */
  async disconnect(userId: string): Promise<void> {
    for (const ws of this.ctx.getWebSockets(`user:${userId}`)) {
      try {
        ws.close(4403, "no longer a member of this site");
      } catch {
        // already closing
      }
    }
  }

  /** The live protocol is server → client only; anything a client sends is ignored. */
  override async webSocketMessage(): Promise<void> {}

  override async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      ws.close(code === 1005 ? 1000 : code, reason);
    } catch {
      // already closed by the runtime
    }
  }

  /** Retries the outbox and marks a silent hub offline. */
  override async alarm(): Promise<void> {
    await this.flush();
  }

  /** Sets the one alarm to the earlier of the outbox retry and the next hub offline deadline, or clears it. */
  private async reschedule(retryAt: number | null): Promise<void> {
    const { messages, nextCheckAt } = presenceChanges(this.db, this.clock.now());
    pushLive(this.ctx.getWebSockets(), messages);
    const times = [retryAt, nextCheckAt].filter((t): t is number => t !== null);
    if (times.length === 0) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(Math.min(...times));
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
      await this.reschedule(outboxSize(this.db) === 0 ? null : this.clock.now() + RETRY_FIRST_MS);
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
      await this.reschedule(this.clock.now() + delay);
    }
  }
}
