/** Facts become additions to daily rows, in the same batch as the event's processed mark (applied once per id). */
import { sql } from "drizzle-orm";
import type { Clock } from "../../shared/clock/index.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import type { CloudDb } from "../db/index.ts";
import { consumeOnce } from "../events/index.ts";
import type { AnalyticsFact, FactContext } from "../module/index.ts";
import { localDay } from "./days.ts";
import * as schema from "./schema.ts";

export type AnalyticsDb = CloudDb<typeof schema>;

export interface AnalyticsDeps {
  db: AnalyticsDb;
  clock: Clock;
  /** The site's IANA zone (sites' service), cached per isolate; UTC for account-level events. */
  timeZone: (siteId: string) => Promise<string>;
}

/** Several facts on one row add up first: one statement per row. */
export function factStatements(db: AnalyticsDb, facts: readonly AnalyticsFact[]) {
  const rows = new Map<string, AnalyticsFact>();
  for (const f of facts) {
    const k = `${f.siteId}|${f.day}|${f.metric}|${f.key}`;
    const seen = rows.get(k);
    rows.set(k, seen ? { ...seen, add: seen.add + f.add } : f);
  }
  return [...rows.values()]
    .filter((f) => Number.isFinite(f.add) && f.add !== 0)
    .map((f) =>
      db
        .insert(schema.daily)
        .values({
          siteId: f.siteId,
          day: f.day,
          metric: f.metric,
          key: f.key,
          label: f.label ?? "",
          value: f.add,
        })
        .onConflictDoUpdate({
          target: [schema.daily.siteId, schema.daily.day, schema.daily.metric, schema.daily.key],
          set: {
            value: sql`${schema.daily.value} + ${f.add}`,
            ...(f.label ? { label: f.label } : {}),
          },
        }),
    );
}

/** Applies a module's facts for `event` once under `consumer` (the manifest hook's path). */
export async function recordFacts(
  deps: AnalyticsDeps,
  consumer: string,
  event: EventEnvelope,
  facts: (ctx: FactContext) => Promise<AnalyticsFact[]> | AnalyticsFact[],
): Promise<void> {
  const timeZone = await deps.timeZone(event.source.siteId);
  await consumeOnce(
    { db: deps.db, table: schema.processedEvents, clock: deps.clock },
    consumer,
    event,
    async () =>
      factStatements(deps.db, await facts({ timeZone, day: (iso) => localDay(Date.parse(iso), timeZone) })),
  );
}
