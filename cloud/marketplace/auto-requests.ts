/**
 * Requests nobody typed: an escalated alarm (a high temperature still open after the hub's escalation delay),
 * or the hub's evidence that a compressor is failing. Only for sites that opted in; one request per cause.
 */
import { isTemperatureAlarm } from "../../shared/alarms/index.ts";
import type { EventData, EventEnvelope } from "../../shared/events/index.ts";
import type { MarketplaceDeps } from "./deps.ts";
import { insertRequest, serviceSite } from "./requests.ts";

export async function requestFromAlarm(deps: MarketplaceDeps, event: EventEnvelope) {
  const data = event.data as EventData<"equipment.alarm.escalated">;
  // A refrigeration technician fixes temperatures (a door left open or a power cut is not their repair).
  if (!isTemperatureAlarm(data.kind)) return;
  const site = await serviceSite(deps, event.source.siteId);
  if (!site?.autoRequests) return;
  const label = data.kind.toLowerCase().replaceAll("_", " ");
  // The unique (site, cause) index makes every further delivery, or another event of the same alarm, a no-op.
  await insertRequest(deps, {
    siteId: event.source.siteId,
    equipmentId: data.equipmentId,
    serviceType: "REFRIGERATION",
    title: `${data.equipmentName}: ${label} alarm not cleared`,
    description: `Raised automatically: the ${label} alarm raised at ${data.raisedAt} was escalated at ${data.escalatedAt} and is still open.`,
    priority: data.kind === "HIGH_TEMPERATURE" ? "URGENT" : "HIGH",
    preferredSlots: [],
    requesterId: site.ownerId,
    origin: "ALARM",
    causeKey: `alarm:${data.alarmId}`,
    location: site,
  });
}

const pct = (x: number) => `${Math.round(x * 100)} %`;

/** One request per unit while one raised this way is still open (the cause key is the unit). */
export async function requestFromCompressor(deps: MarketplaceDeps, event: EventEnvelope) {
  const data = event.data as EventData<"equipment.compressor.degrading">;
  const site = await serviceSite(deps, event.source.siteId);
  if (!site?.autoRequests) return;
  const first = data.days[0]!;
  const last = data.days[data.days.length - 1]!;
  const recovery = (d: typeof first) =>
    d.recoveryMinutes === null ? "unknown" : `${d.recoveryMinutes.toFixed(1)} min`;
  await insertRequest(deps, {
    siteId: event.source.siteId,
    equipmentId: data.equipmentId,
    serviceType: "REFRIGERATION",
    title: `${data.equipmentName}: compressor running longer every day`,
    description:
      `Raised automatically from the hub's readings over ${data.days.length} days: ` +
      `duty cycle ${pct(first.dutyCycle)} on ${first.day} → ${pct(last.dutyCycle)} on ${last.day} ` +
      `(+${(data.dutyCycleSlope * 100).toFixed(1)} points a day); recovery after door openings ` +
      `${recovery(first)} → ${recovery(last)}. The food is still in range.`,
    priority: "HIGH",
    preferredSlots: [],
    requesterId: site.ownerId,
    origin: "COMPRESSOR",
    causeKey: `compressor:${data.equipmentId}:${first.day}`,
    location: site,
  });
}
