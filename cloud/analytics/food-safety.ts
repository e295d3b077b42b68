/**
 * The food-safety aggregates: minutes in and out of the configured range per unit per day (minutes without a
 * rollup are never counted, so they stay unknown), alarm counts, and the minutes to acknowledge and to clear.
 */
import { and, eq } from "drizzle-orm";
import type { EventData, EventEnvelope } from "../../shared/events/index.ts";
import { consumeOnce } from "../events/index.ts";
import type { AnalyticsFact } from "../module/index.ts";
import { localDay } from "./days.ts";
import { type AnalyticsDeps, factStatements } from "./facts.ts";
import * as schema from "./schema.ts";

export const M = {
  inRange: "food-safety.minutes-in-range",
  outOfRange: "food-safety.minutes-out-of-range",
  /** Minutes with data but no configured range yet: not judged, shown as unknown. */
  unjudged: "food-safety.minutes-unjudged",
  alarms: "alarms.raised",
  acked: "alarms.acknowledged",
  ackMinutes: "alarms.minutes-to-acknowledge",
  cleared: "alarms.cleared",
  clearMinutes: "alarms.minutes-to-clear",
} as const;

export const FOOD_SAFETY_PATTERNS = [
  "equipment.configured",
  "equipment.readings.rolled-up",
  "equipment.alarm.raised",
  "equipment.alarm.acknowledged",
  "equipment.alarm.cleared",
] as const;

export async function applyFoodSafety(deps: AnalyticsDeps, event: EventEnvelope): Promise<void> {
  const siteId = event.source.siteId;
  const zone = await deps.timeZone(siteId);
  await consumeOnce(
    { db: deps.db, table: schema.processedEvents, clock: deps.clock },
    "analytics.food-safety",
    event,
    async () => {
      switch (event.type) {
        case "equipment.configured": {
          const d = event.data as EventData<"equipment.configured">;
          const row = { name: d.equipmentName, optimalMin: d.optimalMin, optimalMax: d.optimalMax };
          return [
            deps.db
              .insert(schema.units)
              .values({ siteId, equipmentId: d.equipmentId, ...row })
              .onConflictDoUpdate({ target: [schema.units.siteId, schema.units.equipmentId], set: row }),
          ];
        }
        case "equipment.readings.rolled-up":
          return factStatements(
            deps.db,
            await minuteFacts(deps, siteId, zone, event.data as EventData<"equipment.readings.rolled-up">),
          );
        case "equipment.alarm.raised":
        case "equipment.alarm.acknowledged":
        case "equipment.alarm.cleared":
          return alarmStatements(deps, siteId, zone, event);
        default:
          return [];
      }
    },
  );
}

/** A minute is in range when its lowest and highest reading both are; without a configured range it is not judged. */
async function minuteFacts(
  deps: AnalyticsDeps,
  siteId: string,
  zone: string,
  d: EventData<"equipment.readings.rolled-up">,
): Promise<AnalyticsFact[]> {
  const unit = await deps.db
    .select()
    .from(schema.units)
    .where(and(eq(schema.units.siteId, siteId), eq(schema.units.equipmentId, d.equipmentId)))
    .get();
  return d.minutes.map((m) => {
    const metric = !unit
      ? M.unjudged
      : m.min >= unit.optimalMin && m.max <= unit.optimalMax
        ? M.inRange
        : M.outOfRange;
    return {
      siteId,
      day: localDay(Date.parse(m.at), zone),
      metric,
      key: d.equipmentId,
      label: d.equipmentName,
      add: 1,
    };
  });
}

/** Records the alarm's time; when this completes a pair (raise with ack, raise with clear), adds its minutes once. */
async function alarmStatements(deps: AnalyticsDeps, siteId: string, zone: string, event: EventEnvelope) {
  const d = event.data as {
    alarmId: string;
    kind?: string;
    raisedAt?: string;
    acknowledgedAt?: string;
    clearedAt?: string;
  };
  const where = and(eq(schema.alarms.siteId, siteId), eq(schema.alarms.alarmId, d.alarmId));
  const seen = (await deps.db.select().from(schema.alarms).where(where).get()) ?? {
    siteId,
    alarmId: d.alarmId,
    raisedAt: null,
    acknowledgedAt: null,
    clearedAt: null,
  };
  const next = { ...seen };
  if (event.type === "equipment.alarm.raised" && next.raisedAt === null)
    next.raisedAt = Date.parse(d.raisedAt!);
  if (event.type === "equipment.alarm.acknowledged" && next.acknowledgedAt === null)
    next.acknowledgedAt = Date.parse(d.acknowledgedAt!);
  if (event.type === "equipment.alarm.cleared" && next.clearedAt === null)
    next.clearedAt = Date.parse(d.clearedAt!);
  const facts: AnalyticsFact[] = [];
  // Every figure is counted on the day the alarm was raised.
  if (next.raisedAt !== null) {
    const day = localDay(next.raisedAt, zone);
    if (seen.raisedAt === null) facts.push({ siteId, day, metric: M.alarms, key: "", add: 1 });
    if (next.acknowledgedAt !== null && (seen.raisedAt === null || seen.acknowledgedAt === null)) {
      facts.push({ siteId, day, metric: M.acked, key: "", add: 1 });
      facts.push({
        siteId,
        day,
        metric: M.ackMinutes,
        key: "",
        add: (next.acknowledgedAt - next.raisedAt) / 60_000,
      });
    }
    if (next.clearedAt !== null && (seen.raisedAt === null || seen.clearedAt === null)) {
      facts.push({ siteId, day, metric: M.cleared, key: "", add: 1 });
      facts.push({
        siteId,
        day,
        metric: M.clearMinutes,
        key: "",
        add: (next.clearedAt - next.raisedAt) / 60_000,
      });
    }
  }
  return [
    deps.db
      .insert(schema.alarms)
      .values(next)
      .onConflictDoUpdate({
        target: [schema.alarms.siteId, schema.alarms.alarmId],
        set: { raisedAt: next.raisedAt, acknowledgedAt: next.acknowledgedAt, clearedAt: next.clearedAt },
      }),
    ...factStatements(deps.db, facts),
  ];
}
