/**
 * SiteLedgers for the Deno entry: one SQLite file per site, driven by the same ledger logic (cloud/sites)
 * and the same drizzle driver as the SiteLedger Durable Object, with the same outbox-to-bus retry.
 */
import { type DrizzleSqliteDODatabase, drizzle } from "drizzle-orm/durable-sqlite";
import type { EventBus } from "../../cloud/bus/index.ts";
import {
  flushOutbox,
  ingestEvents,
  ledgerSchema,
  migrateLedger,
  outboxSize,
  readAlarms,
  readEquipment,
  readEvents,
  type SiteLedgers,
} from "../../cloud/sites/index.ts";
import type { Clock } from "../../shared/clock/index.ts";
import { openSyncSqlite } from "./runtime.ts";
import { durableStorage } from "./sqlite-storage.ts";

// Same retry schedule as edge/site-ledger.
const RETRY_FIRST_MS = 5_000;
const RETRY_MAX_MS = 5 * 60_000;

type LedgerDb = DrizzleSqliteDODatabase<typeof ledgerSchema>;

/** One site's ledger. Its calls are synchronous between awaits, so one event loop serialises them. */
class LocalLedger {
  private flushing: Promise<void> | undefined;
  private failures = 0;
  private retry: ReturnType<typeof setTimeout> | undefined;

  readonly db: LedgerDb;
  private readonly bus: EventBus;

  constructor(db: LedgerDb, bus: EventBus) {
    this.db = db;
    this.bus = bus;
  }

  /** Hands stored events to the bus; on failure tries again later, so nothing acknowledged is lost. */
  flush(): Promise<void> {
    this.flushing ??= this.flushOnce().finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  close(): void {
    clearTimeout(this.retry);
  }

  private async flushOnce(): Promise<void> {
    clearTimeout(this.retry);
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
      this.retry = setTimeout(() => void this.flush(), delay);
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
        return new LocalLedger(db, options.bus);
      })();
      open.set(siteId, found);
    }
    return found;
  };

  return {
    async ingest(siteId, hubId, events) {
      const l = await ledger(siteId);
      const ack = ingestEvents(l.db, { hubId, events, now: options.clock.now() });
      if (ack.stored > 0) await l.flush();
      return ack;
    },
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
      for (const l of open.values()) void l.then((x) => x.close());
    },
  };
}
