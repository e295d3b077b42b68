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
  type LiveCloseCode,
  ledgerSchema,
  migrateLedger,
  nextLiveExpiry,
  noteContact,
  openLiveSockets,
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
import { LIVE_CLOSE_NOT_MEMBER, LIVE_PROTOCOL, type LiveMessage } from "../../shared/live/index.ts";
import type { FoodSafetyRecord } from "../../shared/records/food-safety.ts";
import type { SyncAck, SyncLane } from "../../shared/sync/index.ts";
import type { Env } from "../env.ts";
import { queueBus } from "../queue/queue-bus.ts";
import { LIVE_EXPIRES_HEADER, LIVE_SITE_HEADER, LIVE_USER_HEADER } from "./headers.ts";

/** First retry of an unsent outbox; doubles per failure up to the maximum. */
const RETRY_FIRST_MS = 5_000;
const RETRY_MAX_MS = 5 * 60_000;

/** A socket's attachment: when the access token that opened it expires (survives hibernation). */
const socketExpiry = (ws: WebSocket) =>
  (ws.deserializeAttachment() as { expiresAt?: number } | null)?.expiresAt;

/**
 * One per site (`idFromName(siteId)`); reached only through RPC and forwarded upgrades from the Worker, which
 * checked the caller. Its one alarm serves the outbox retry, the hub's offline deadline and the expiry of
 * the live sockets' tokens.
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
    const sockets = this.liveSockets();
    const live = sockets.length > 0;
    const { ack, messages } = storeBatch(this.db, { hubId, lane, events, now, retentionDue, live });
    pushLive(sockets, messages);
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
    pushLive(this.liveSockets(), noteContact(this.db, hubId, this.clock.now()));
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
    const expiresAt = Number(request.headers.get(LIVE_EXPIRES_HEADER) ?? Number.NaN);
    if (
      request.headers.get("upgrade")?.toLowerCase() !== "websocket" ||
      !userId ||
      !(Number.isFinite(expiresAt) && expiresAt > 0)
    ) {
      return new Response("expected a WebSocket upgrade from the Worker", { status: 400 });
    }
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server, [
      `site:${request.headers.get(LIVE_SITE_HEADER) ?? ""}`,
      `user:${userId}`,
    ]);
    server.serializeAttachment({ expiresAt });
    server.send(JSON.stringify(readSnapshot(this.db, this.clock.now()) satisfies LiveMessage));
    // The alarm closes it when its token expires, unless something earlier is already due.
    const alarmAt = await this.ctx.storage.getAlarm();
    if (alarmAt === null || expiresAt < alarmAt) await this.ctx.storage.setAlarm(expiresAt);
    return new Response(null, {
      status: 101,
      webSocket: client,
      headers: { "sec-websocket-protocol": LIVE_PROTOCOL },
    });
  }

  /**
   * Ends `userId`'s live sockets: 4403 (the default) when they left the site, so the client does not come back
   * with the same token; 4401 when their sessions were revoked (a fresh token may reconnect).
   */
  async disconnect(userId: string, code: LiveCloseCode = LIVE_CLOSE_NOT_MEMBER): Promise<void> {
    for (const ws of this.ctx.getWebSockets(`user:${userId}`)) {
      try {
        ws.close(code, code === LIVE_CLOSE_NOT_MEMBER ? "no longer a member of this site" : "signed out");
      } catch {
        // already closing
      }
    }
  }

  /** One message to `userId`'s open sockets (a notification for their bell); a closing socket is skipped. */
  async sendTo(userId: string, text: string): Promise<void> {
    for (const ws of this.ctx.getWebSockets(`user:${userId}`)) {
      try {
        ws.send(text);
      } catch {
        // closing
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

  /** Closes sockets whose token expired, retries the outbox and marks a silent hub offline. */
  override async alarm(): Promise<void> {
    this.liveSockets();
    await this.flush();
  }

  /** The open sockets whose token is still valid; those whose token expired are closed (4401) on the way. */
  private liveSockets(): WebSocket[] {
    return openLiveSockets(this.ctx.getWebSockets(), socketExpiry, this.clock.now());
  }

  /**
   * Sets the one alarm to the earliest of the outbox retry, the next hub offline deadline and the next live
   * socket's token expiry, or clears it.
   */
  private async reschedule(retryAt: number | null): Promise<void> {
    const { messages, nextCheckAt } = presenceChanges(this.db, this.clock.now());
    const sockets = this.liveSockets();
    pushLive(sockets, messages);
    const times = [retryAt, nextCheckAt, nextLiveExpiry(sockets, socketExpiry)].filter(
      (t): t is number => t !== null,
    );
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
