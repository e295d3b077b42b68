/**
 * Sync lanes: the hub's outbox goes up in two independent streams, each with its own contiguous seq and
 * its own cloud cursor, so a week of rollups never sits in front of a fresh alarm.
 */
import { z } from "zod";
import { HEATING_BULK_EVENTS } from "../events/heating.ts";

export const SYNC_LANES = ["priority", "bulk"] as const;
export type SyncLane = (typeof SYNC_LANES)[number];
export const syncLaneSchema = z.enum(SYNC_LANES);

/** Event types that ride the bulk lane (rollups; device logs join when they become events); everything else (alarms, orders, payments, work orders, security) is priority. */
export const BULK_EVENT_TYPES: readonly string[] = [
  "equipment.readings.rolled-up",
  "inventory.stock.moved",
  ...HEATING_BULK_EVENTS,
];

export function laneOf(type: string): SyncLane {
  return BULK_EVENT_TYPES.includes(type) ? "bulk" : "priority";
}
