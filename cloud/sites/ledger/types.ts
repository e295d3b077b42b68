/** What a SiteLedger holds and answers: its database type, views and the client interface used by routes. */
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type { AlarmFilter } from "../../../shared/alarms/index.ts";
import type {
  AlarmView,
  EquipmentView,
  HistoryRange,
  HistoryView,
  LiveMessage,
} from "../../../shared/live/index.ts";
import type { FoodSafetyRecord } from "../../../shared/records/food-safety.ts";
import type { SyncAck, SyncBatch, SyncLane } from "../../../shared/sync/index.ts";
import type * as schema from "./schema.ts";

/** Any synchronous SQLite drizzle database (a Durable Object's storage in production). */
export type LedgerDb = BaseSQLiteDatabase<"sync", unknown, typeof schema>;

/** An event of a hub's batch; `unknownType` marks a type or version this cloud does not know yet. */
export type SyncEvent = SyncBatch["events"][number] & { unknownType?: true };

// The views have one home, shared/live (the WebSocket and the web app use them too); the filter words, shared/alarms.
export type { AlarmFilter } from "../../../shared/alarms/index.ts";
export type {
  AlarmView,
  DeviceView,
  EquipmentView,
  HistoryRange,
  HistoryView,
  HubView,
  LiveMessage,
} from "../../../shared/live/index.ts";

/** One stored event as members see it in the site's event log. */
export interface EventRecord {
  id: string;
  hubId: string;
  /** Each sync lane numbers its own events: a seq means something only with its lane. */
  lane: string;
  seq: number;
  type: string;
  occurredAt: string;
  receivedAt: string;
  data: unknown;
}

/**
 * A page of the log in (hub, lane, seq) order: after `afterSeq` within one hub's lane, or after the cursor
 * `after` (the last event's position, from the previous page) across the whole site.
 */
export interface EventQuery {
  hubId?: string;
  lane?: "priority" | "bulk";
  afterSeq: number;
  after?: { hubId: string; lane: string; seq: number };
  limit: number;
}

/** Who opened a live socket, and when the token it was opened with expires (ms). */
export interface LiveOpener {
  userId: string;
  expiresAt: number;
}

/** Why the ledger closed a live socket: 4401 the token expired or was revoked, 4403 no longer a member. */
export type LiveCloseCode = 4401 | 4403;

/** The per-site ledgers as the sites module sees them; the edge backs this with Durable Objects. */
export interface SiteLedgers {
  ingest(siteId: string, hubId: string, events: SyncEvent[], lane?: SyncLane): Promise<SyncAck>;
  equipment(siteId: string): Promise<EquipmentView[]>;
  alarms(siteId: string, filter: AlarmFilter): Promise<AlarmView[]>;
  events(siteId: string, query: EventQuery): Promise<EventRecord[]>;
  /** Chart history of one unit (C5). */
  history(siteId: string, equipmentId: string, range: HistoryRange): Promise<HistoryView>;
  /** The food-safety record of one unit over `[from, to)` (ms), from the same computation as the hub's. */
  record(
    siteId: string,
    equipmentId: string,
    period: { from: number; to: number },
  ): Promise<FoodSafetyRecord>;
  /** A hub contact that carried no events (e.g. a desired-state poll), so the live view keeps it online. */
  noteContact(siteId: string, hubId: string): Promise<void>;
  /**
   * Closes the live sockets `userId` holds on the site: 4403 after they stopped being a member (the default),
   * 4401 when their sessions were revoked (a client with a fresh token may come back).
   */
  disconnect(siteId: string, userId: string, code?: LiveCloseCode): Promise<void>;
  /** Sends one message to the live sockets `userId` holds on the site (their notification bell). */
  sendTo(siteId: string, userId: string, message: LiveMessage): Promise<void>;
  /**
   * Hands a WebSocket upgrade (already authenticated, membership checked) to the site's ledger; the socket
   * is closed with 4401 once `expiresAt` (ms, the access token's expiry) has passed.
   */
  live(siteId: string, opener: LiveOpener, upgrade: Request): Promise<Response>;
}
