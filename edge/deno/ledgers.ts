/**
 * SiteLedgers for the Deno entry: one SQLite file per site, driven by the same ledger logic (cloud/sites)
 * and the same drizzle driver as the SiteLedger Durable Object, with the same outbox-to-bus retry.
 */
import { type DrizzleSqliteDODatabase, drizzle } from "drizzle-orm/durable-sqlite";
import type { EventBus } from "../../cloud/bus/index.ts";
import {
  flushOutbox,
  ledgerSchema,
  migrateLedger,
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
  type SiteLedgers,
  storeBatch,
} from "../../cloud/sites/index.ts";
import type { Clock, Timer } from "../../shared/clock/index.ts";
import { LIVE_CLOSE_NOT_MEMBER, LIVE_PROTOCOL, type LiveMessage } from "../../shared/live/index.ts";
import { openSyncSqlite } from "./runtime.ts";
import { durableStorage } from "./sqlite-storage.ts";

// Same retry schedule and housekeeping as edge/site-ledger.
const RETRY_FIRST_MS = 5_000;
const RETRY_MAX_MS = 5 * 60_000;
/** How often open ledgers look for hubs that went silent (the Durable Object uses its alarm instead). */
const PRESENCE_CHECK_MS = 15_000;

/** `Deno.upgradeWebSocket`, typed here so the Worker's tsconfig needs no Deno types. */
type UpgradeWebSocket = (
  request: Request,
  options: { protocol?: string },
) => { socket: WebSocket; response: Response };

function upgradeWebSocket(): UpgradeWebSocket {
  const deno = (globalThis as { Deno?: { upgradeWebSocket?: UpgradeWebSocket } }).Deno;
  if (!deno?.upgradeWebSocket) throw new Error("live sockets need Deno.upgradeWebSocket");
  return deno.upgradeWebSocket;
}

type LedgerDb = DrizzleSqliteDODatabase<typeof ledgerSchema>;

/** One site's ledger. Its calls are synchronous between awaits, so one event loop serialises them. */
class LocalLedger {
  private flushing: Promise<void> | undefined;
  private failures = 0;
  private retry: Timer | undefined;
  private retentionAt = 0;
  /**
   * Open live sockets with the user who opened each (to close them when the user leaves the site), when
   * their token expires, and the timer that closes them then.
   */
  private readonly sockets = new Map<WebSocket, { userId: string; expiresAt: number; expiry: Timer }>();

  readonly db: LedgerDb;
  private readonly bus: EventBus;
  private readonly clock: Clock;

  constructor(db: LedgerDb, bus: EventBus, clock: Clock) {
    this.db = db;
    this.bus = bus;
    this.clock = clock;
  }

  /** Hands stored events to the bus; on failure tries again later, so nothing acknowledged is lost. */
  flush(): Promise<void> {
    this.flushing ??= this.flushOnce().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  close(): void {
    this.retry?.cancel();
    for (const [ws, { expiry }] of this.sockets) {
      expiry.cancel();
      ws.close(1001, "cloud stopping");
    }
  }

  /** The open sockets whose token is still valid (expired ones are closed on the way, should a timer lag). */
  private live(): WebSocket[] {
    return openLiveSockets(this.sockets.keys(), (ws) => this.sockets.get(ws)?.expiresAt, this.clock.now());
  }

  /** As the Durable Object: store, note the contact, push projected changes, housekeeping, then the bus. */
  async ingest(
    hubId: string,
    events: Parameters<SiteLedgers["ingest"]>[2],
    lane: Parameters<SiteLedgers["ingest"]>[3],
    now: number,
  ) {
    const retentionDue = now - this.retentionAt >= RETENTION_EVERY_MS;
    if (retentionDue) this.retentionAt = now;
    const { ack, messages } = storeBatch(this.db, {
      hubId,
      lane: lane ?? "priority",
      events,
      now,
      retentionDue,
      live: this.sockets.size > 0,
    });
    pushLive(this.live(), messages);
    if (ack.stored > 0) await this.flush();
    return ack;
  }

  contact(hubId: string, now: number): void {
    pushLive(this.live(), noteContact(this.db, hubId, now));
  }

  /** Pushes hubs that went silent as offline. */
  checkPresence(now: number): void {
    pushLive(this.live(), presenceChanges(this.db, now).messages);
  }

  accept(upgrade: Request, opener: { userId: string; expiresAt: number }, now: number): Response {
    const { socket, response } = upgradeWebSocket()(upgrade, { protocol: LIVE_PROTOCOL });
    // Closes it (4401) when the token that opened it expires.
    const expiry = this.clock.after(Math.max(0, opener.expiresAt - now), () => void this.live());
    this.sockets.set(socket, { ...opener, expiry });
    // Workers types lack the on* properties; Deno's WebSocket is an EventTarget like the browser's.
    socket.addEventListener("open", () =>
      socket.send(JSON.stringify(readSnapshot(this.db, now) satisfies LiveMessage)),
    );
    socket.addEventListener("close", () => {
      expiry.cancel();
      this.sockets.delete(socket);
    });
    return response;
  }

  disconnect(userId: string, code: number = LIVE_CLOSE_NOT_MEMBER): void {
    for (const [ws, opener] of this.sockets)
      if (opener.userId === userId)
        ws.close(code, code === LIVE_CLOSE_NOT_MEMBER ? "no longer a member of this site" : "signed out");
  }

  sendTo(userId: string, text: string): void {
    for (const [ws, opener] of this.sockets)
      if (opener.userId === userId)
        try {
          ws.send(text);
        } catch {}
  }

  private async flushOnce(): Promise<void> {
    this.retry?.cancel();
    try {
      await flushOutbox(this.db, this.bus);
      this.failures = 0;
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
      this.retry = this.clock.after(delay, () => void this.flush());
    }
  }
}

export interface LocalLedgers extends SiteLedgers {
  /** Flushes every ledger file found in the folder (outboxes left by a previous run). */
  resume(): Promise<void>;
  close(): void;
}

/** Ledgers under `dir`, one `<siteId>.sqlite` each; `list` names the files present at start. */
export function localLedgers(options: {
  dir: string;
  bus: EventBus;
  clock: Clock;
  list: () => Promise<string[]>;
}): LocalLedgers {
  const open = new Map<string, Promise<LocalLedger>>();

  const ledger = (siteId: string): Promise<LocalLedger> => {
    // Site ids name files: only plain ids are accepted, never a path.
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(siteId)) throw new Error(`not a site id: ${siteId}`);
    let found = open.get(siteId);
    if (!found) {
      found = (async () => {
        const sqlite = await openSyncSqlite(`${options.dir}/${siteId}.sqlite`);
        const storage = durableStorage(sqlite) as unknown as DurableObjectStorage;
        const db = drizzle(storage, { schema: ledgerSchema });
        await migrateLedger(db);
        return new LocalLedger(db, options.bus, options.clock);
      })();
      open.set(siteId, found);
    }
    return found;
  };

  const presence = options.clock.every(PRESENCE_CHECK_MS, () => {
    const now = options.clock.now();
    for (const l of open.values()) void l.then((x) => x.checkPresence(now));
  });

  return {
    ingest: async (siteId, hubId, events, lane) =>
      (await ledger(siteId)).ingest(hubId, events, lane, options.clock.now()),
    noteContact: async (siteId, hubId) => (await ledger(siteId)).contact(hubId, options.clock.now()),
    history: async (siteId, equipmentId, range) =>
      readHistory((await ledger(siteId)).db, { equipmentId, range, now: options.clock.now() }),
    record: async (siteId, equipmentId, period) =>
      readRecord((await ledger(siteId)).db, { equipmentId, ...period }),
    disconnect: async (siteId, userId, code) => (await ledger(siteId)).disconnect(userId, code),
    sendTo: async (siteId, userId, message) => (await ledger(siteId)).sendTo(userId, JSON.stringify(message)),
    live: async (siteId, opener, upgrade) =>
      (await ledger(siteId)).accept(upgrade, opener, options.clock.now()),
    equipment: async (siteId) => readEquipment((await ledger(siteId)).db),
    alarms: async (siteId, filter) => readAlarms((await ledger(siteId)).db, filter),
    events: async (siteId, query) => readEvents((await ledger(siteId)).db, query),
    async resume() {
      for (const file of await options.list()) {
        const siteId = file.replace(/\.sqlite$/, "");
        if (siteId === file) continue;
        const l = await ledger(siteId);
        if (outboxSize(l.db) > 0) await l.flush();
      }
    },
    close() {
      presence.cancel();
      for (const l of open.values()) void l.then((x) => x.close());
    },
  };
}
