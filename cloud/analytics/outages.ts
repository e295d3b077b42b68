/** Hub and device uptime: an outage opens on hub.offline / a device going OFFLINE or ERROR and closes into daily minutes. */
import { and, eq } from "drizzle-orm";
import type { EventData, EventEnvelope } from "../../shared/events/index.ts";
import { consumeOnce } from "../events/index.ts";
import type { AnalyticsFact } from "../module/index.ts";
import { minutesPerDay } from "./days.ts";
import { type AnalyticsDeps, factStatements } from "./facts.ts";
import * as schema from "./schema.ts";

export const HUB_OFFLINE = "uptime.hub-offline-minutes";
export const DEVICE_OFFLINE = "uptime.device-offline-minutes";
export const OUTAGE_PATTERNS = ["hub.offline", "hub.online", "device.presence.changed"] as const;

export async function applyOutage(deps: AnalyticsDeps, event: EventEnvelope): Promise<void> {
  const siteId = event.source.siteId;
  const zone = await deps.timeZone(siteId);
  await consumeOnce(
    { db: deps.db, table: schema.processedEvents, clock: deps.clock },
    "analytics.uptime",
    event,
    async () => {
      const change = outageChange(event);
      if (!change) return [];
      const where = and(eq(schema.outages.siteId, siteId), eq(schema.outages.subject, change.subject));
      if (change.opens) {
        return [
          deps.db
            .insert(schema.outages)
            .values({ siteId, subject: change.subject, since: change.at })
            .onConflictDoNothing(),
        ];
      }
      const open = await deps.db.select().from(schema.outages).where(where).get();
      if (!open) return [];
      const facts: AnalyticsFact[] = minutesPerDay(open.since, change.at, zone).map((p) => ({
        siteId,
        day: p.day,
        metric: change.metric,
        key: change.key,
        label: change.label,
        add: p.minutes,
      }));
      return [deps.db.delete(schema.outages).where(where), ...factStatements(deps.db, facts)];
    },
  );
}

function outageChange(event: EventEnvelope) {
  if (event.type === "hub.offline") {
    const d = event.data as EventData<"hub.offline">;
    return {
      subject: `hub:${d.hubId}`,
      opens: true,
      at: Date.parse(d.lastSeenAt),
      metric: HUB_OFFLINE,
      key: d.hubId,
      label: d.hubName,
    };
  }
  if (event.type === "hub.online") {
    const d = event.data as EventData<"hub.online">;
    return {
      subject: `hub:${d.hubId}`,
      opens: false,
      at: Date.parse(d.onlineAt),
      metric: HUB_OFFLINE,
      key: d.hubId,
      label: d.hubName,
    };
  }
  if (event.type === "device.presence.changed") {
    const d = event.data as EventData<"device.presence.changed">;
    const down = d.status === "OFFLINE" || d.status === "ERROR";
    if (!down && d.status !== "ONLINE") return null;
    return {
      subject: `device:${d.deviceId}`,
      opens: down,
      at: Date.parse(d.changedAt),
      metric: DEVICE_OFFLINE,
      key: d.deviceId,
      label: d.name,
    };
  }
  return null;
}
