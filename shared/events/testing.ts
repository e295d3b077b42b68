/** Test fixtures for events: a catalogued alarm as a hub would send it (tests on both runtimes use it). */
import { uuidv7 } from "../ids/index.ts";
import { buildEvent, type EventData, type EventType } from "./index.ts";

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

/** Any catalogued event of `siteId` with the given data (samples per type live beside each describer). */
export function sampleEvent<T extends EventType>(
  type: T,
  siteId: string,
  data: EventData<T>,
  occurredAt = Date.now(),
  module = "monitoring",
) {
  return buildEvent({ type, source: { siteId, hubId: "hub-1", module }, occurredAt, data });
}
