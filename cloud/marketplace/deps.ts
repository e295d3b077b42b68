/** The marketplace module's dependencies and small shared statements (numbers, conditional outbox rows). */
import { type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Clock } from "../../shared/clock/index.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import type { EquipmentView } from "../../shared/live/index.ts";
import type { SiteRole } from "../../shared/roles/index.ts";
import type { EventBus } from "../bus/index.ts";
import type { CloudDb } from "../db/index.ts";
import { flushOutbox } from "../events/index.ts";
import type { BlobStore } from "../module/index.ts";
import * as schema from "./schema.ts";

export type MarketplaceDb = CloudDb<typeof schema>;

export interface MarketplaceDeps {
  db: MarketplaceDb;
  clock: Clock;
  bus: EventBus;
  /** Photo bytes (R2, or files under Deno). */
  blobs: BlobStore;
  memberRole(siteId: string, userId: string): Promise<SiteRole | null>;
  siteMembers(siteId: string): Promise<{ userId: string }[]>;
  /** A site's name, zone and unit names (for the provider's side, which is not a member). */
  siteInfo(
    siteId: string,
  ): Promise<{ name: string; timeZone: string; units: { equipmentId: string; name: string }[] } | null>;
  equipment(siteId: string): Promise<EquipmentView[]>;
  people(userIds: string[]): Promise<{ userId: string; email: string; displayName: string | null }[]>;
}

/** Publishes what the last write put in the outbox (the cron publishes it otherwise). */
export function flush(deps: MarketplaceDeps): Promise<number> {
  return flushOutbox({ db: deps.db, table: schema.outbox, bus: deps.bus, clock: deps.clock });
}

/**
 * A raw SQL statement that can go in a `batch`. drizzle 0.45's `db.run(sql)` cannot: its D1 batch reads the
 * prepared statement of each item, which a raw query lacks ("Cannot read properties of undefined (reading
 * 'bind')"). This prepares it through the driver's own session, as the query builders do.
 */
export function statement(db: MarketplaceDb, query: SQL): BatchItem<"sqlite"> {
  const inner = db as unknown as {
    session: { prepareQuery(q: unknown, fields: undefined, method: "run", arrayMode: boolean): unknown };
    dialect: { sqlToQuery(q: SQL): unknown };
  };
  const prepared = inner.session.prepareQuery(inner.dialect.sqlToQuery(query), undefined, "run", false);
  return { _prepare: () => prepared } as unknown as BatchItem<"sqlite">;
}

/** Bumps a named counter; pair it with `numbered` in the same batch for gap-free, race-free numbers. */
export function bumpCounter(db: MarketplaceDb, name: string, when: SQL = sql`1`) {
  return statement(
    db,
    sql`INSERT INTO counters (name, value) SELECT ${name}, 1 WHERE ${when}
        ON CONFLICT(name) DO UPDATE SET value = value + 1`,
  );
}

/** `PREFIX-000042` from the counter's current value (read inside the same batch). */
export function numbered(name: string, prefix: string): SQL {
  return sql`(SELECT ${prefix} || '-' || printf('%06d', value) FROM counters WHERE name = ${name})`;
}

/** An outbox row written only when `when` holds at that point of the batch. */
export function outboxIf(db: MarketplaceDb, event: EventEnvelope, now: number, when: SQL) {
  return statement(
    db,
    sql`INSERT INTO marketplace_outbox (id, event, created_at)
        SELECT ${event.id}, ${JSON.stringify(event)}, ${now} WHERE ${when}`,
  );
}

export const iso = (ms: number) => new Date(ms).toISOString();
