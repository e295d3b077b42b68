/** What a SiteLedger holds and answers: its database type, views and the client interface used by routes. */
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type { SyncAck, SyncBatch, SyncLane } from "../../../shared/sync/index.ts";
import type * as schema from "./schema.ts";
import type { AlarmStatus } from "./schema.ts";

/** Any synchronous SQLite drizzle database (a Durable Object's storage in production). */
export type LedgerDb = BaseSQLiteDatabase<"sync", unknown, typeof schema>;

export type SyncEvent = SyncBatch["events"][number];

export interface EquipmentView {
  equipmentId: string;
  equipmentName: string | null;
  status: "OK" | "ALARM";
  openAlarms: number;
  lastTemperature: number | null;
  /** When the event that set lastTemperature occurred (hub time). */
  updatedAt: string;
}

export interface AlarmView {
  alarmId: string;
  equipmentId: string;
  equipmentName: string | null;
  kind: string;
  status: AlarmStatus;
  temperature: number | null;
  limit: number | null;
  peak: number | null;
  raisedAt: string | null;
  clearedAt: string | null;
}

export type AlarmFilter = "open" | "all";

/** One stored event as members see it in the site's event log. */
export interface EventRecord {
  id: string;
  hubId: string;
  seq: number;
  type: string;
  occurredAt: string;
  receivedAt: string;
  data: unknown;
}

/** A page of the log: per hub in seq order, after `afterSeq` when a hub is named. */
export interface EventQuery {
  hubId?: string;
  afterSeq: number;
  limit: number;
}

/** The per-site ledgers as the sites module sees them; the edge backs this with Durable Objects. */
export interface SiteLedgers {
  ingest(siteId: string, hubId: string, events: SyncEvent[], lane?: SyncLane): Promise<SyncAck>;
  equipment(siteId: string): Promise<EquipmentView[]>;
  alarms(siteId: string, filter: AlarmFilter): Promise<AlarmView[]>;
  events(siteId: string, query: EventQuery): Promise<EventRecord[]>;
}
