/**
 * The latest reading of each unit up the priority lane, throttled: at most one `equipment.reading.latest` per
 * unit every `everyMs`, and only while the previous round's are delivered, so the cloud's tiles follow the hub
 * within seconds when it is online, and an offline hub piles up nothing but the one round already queued.
 */
import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Clock } from "../../shared/clock/index.ts";
import { buildEvent, type EventEnvelope } from "../../shared/events/index.ts";
import { equipment, type HubDb, hubSettings, latestReadings, outbox, readings } from "../db/index.ts";
import { getSetting } from "../identity.ts";
import { eventStatement } from "../outbox/index.ts";

/** A unit's latest reading goes up at most this often (minute rollups still carry the history). */
export const LATEST_EVERY_MS = 10_000;
const STATE = "sync.latest";

interface LatestState {
  /** Event ids written by the last round that wrote any; none goes out again until they are delivered. */
  pending: string[];
  /** Per unit: the reading last sent and when (hub clock). */
  units: Record<string, { readingId: number; sentAt: number }>;
}

export interface LatestFeedDeps {
  db: HubDb;
  clock: Clock;
  source: () => EventEnvelope["source"];
  /** Overrides LATEST_EVERY_MS. */
  everyMs?: number;
}

/** Appends a latest-reading event for each unit whose reading changed and whose throttle passed; returns how many. */
export async function feedLatest(deps: LatestFeedDeps): Promise<number> {
  const { db } = deps;
  const now = deps.clock.now();
  const everyMs = deps.everyMs ?? LATEST_EVERY_MS;
  const state = (await getSetting<LatestState>(db, STATE)) ?? { pending: [], units: {} };
  if (state.pending.length > 0) {
    const [waiting] = await db
      .select({ seq: outbox.seq })
      .from(outbox)
      .where(and(inArray(outbox.eventId, state.pending), isNull(outbox.sentAt)))
      .limit(1);
    if (waiting) return 0;
  }
  const latest = await db
    .select({
      equipmentId: latestReadings.equipmentId,
      readingId: latestReadings.readingId,
      name: equipment.name,
      temperature: readings.temperature,
      ts: readings.ts,
    })
    .from(latestReadings)
    .innerJoin(readings, eq(readings.id, latestReadings.readingId))
    .innerJoin(equipment, eq(equipment.id, latestReadings.equipmentId))
    .where(isNotNull(readings.temperature));
  const events: EventEnvelope[] = [];
  for (const row of latest) {
    const sent = state.units[row.equipmentId];
    if (sent && (sent.readingId === row.readingId || now - sent.sentAt < everyMs)) continue;
    events.push(
      buildEvent({
        type: "equipment.reading.latest",
        source: deps.source(),
        occurredAt: row.ts,
        data: {
          equipmentId: row.equipmentId,
          equipmentName: row.name,
          temperature: row.temperature!,
          at: new Date(row.ts).toISOString(),
        },
      }),
    );
    state.units[row.equipmentId] = { readingId: row.readingId, sentAt: now };
  }
  if (events.length === 0) return 0;
  state.pending = events.map((e) => e.id);
  const statements: BatchItem<"sqlite">[] = events.map((e) => eventStatement(db, e, now));
  statements.push(
    db
      .insert(hubSettings)
      .values({ key: STATE, value: state })
      .onConflictDoUpdate({ target: hubSettings.key, set: { value: state } }),
  );
  await db.batch(statements as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return events.length;
}
