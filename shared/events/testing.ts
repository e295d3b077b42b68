/** Test fixtures for events: a catalogued alarm as a hub would send it (tests on both runtimes use it). */
import { uuidv7 } from "../ids/index.ts";
import { buildEvent } from "./index.ts";

/** A high-temperature alarm of the Dairy fridge at `siteId`, raised now. */
export function sampleAlarmRaised(siteId: string, occurredAt = Date.now()) {
  return buildEvent({
    type: "equipment.alarm.raised",
    source: { siteId, hubId: "hub-1", module: "monitoring" },
    occurredAt,
    data: {
      alarmId: uuidv7(),
      equipmentId: "fridge-1",
      equipmentName: "Dairy fridge",
      kind: "HIGH_TEMPERATURE",
      temperature: 9,
      limit: 8,
      raisedAt: new Date(occurredAt).toISOString(),
    },
  });
}
