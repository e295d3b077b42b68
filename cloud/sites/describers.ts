/** What members read about the site's equipment, devices and hubs: the sites module's notification manifest. */
import { type AlarmKind, isTemperatureAlarm } from "../../shared/alarms/index.ts";
import type { EventData } from "../../shared/events/index.ts";
import {
  type DescribeContext,
  type Description,
  defineDescribers,
  type ModuleNotifications,
} from "../module/index.ts";
import { SITES_SAMPLES } from "./describer-samples.ts";

const ALARM_NAMES: Record<AlarmKind, string> = {
  HIGH_TEMPERATURE: "high temperature",
  LOW_TEMPERATURE: "low temperature",
  DOOR_OPEN: "door open",
  SENSOR_STALE: "no readings from the sensor",
  POWER_LOSS: "power loss",
};

const RECOVERY_TITLES: Record<AlarmKind, string> = {
  HIGH_TEMPERATURE: "temperature back in range",
  LOW_TEMPERATURE: "temperature back in range",
  DOOR_OPEN: "door closed",
  SENSOR_STALE: "sensor readings resumed",
  POWER_LOSS: "power restored",
};

const RAISED_BODIES: Record<AlarmKind, string> = {
  HIGH_TEMPERATURE: "The temperature is above its limit.",
  LOW_TEMPERATURE: "The temperature is below its limit.",
  DOOR_OPEN: "The door has been open too long.",
  SENSOR_STALE: "The sensor has stopped sending readings.",
  POWER_LOSS: "The unit reports no power.",
};

export const FOOD_SAFETY = "sites.food-safety";
const DEVICES = "sites.devices";
const HUBS = "sites.hubs";

const celsius = (value: number) => `${Math.round(value * 10) / 10} °C`;
const unit = (ctx: DescribeContext, id: string) => ctx.unitName(id) ?? "A unit";
const person = (ctx: DescribeContext, who: string) => ctx.personName(who) ?? "someone";
const alarmLink = (ctx: DescribeContext, alarmId: string) =>
  `/sites/${ctx.siteId}/alarms?alarm=${encodeURIComponent(alarmId)}`;
const minutesBetween = (from: string, to: string) =>
  Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));

function raised(d: EventData<"equipment.alarm.raised">, ctx: DescribeContext): Description {
  const base = {
    category: FOOD_SAFETY,
    critical: true,
    episode: { key: d.alarmId, step: "open" as const },
    link: alarmLink(ctx, d.alarmId),
    title: `${d.equipmentName}: ${ALARM_NAMES[d.kind]} alarm`,
  };
  if (isTemperatureAlarm(d.kind) && d.temperature !== null) {
    const direction = d.kind === "HIGH_TEMPERATURE" ? "above" : "below";
    const limit = d.limit !== null ? ` the limit of ${celsius(d.limit)}` : " its limit";
    return {
      ...base,
      body: `${celsius(d.temperature)} is ${direction}${limit} since ${ctx.time(d.raisedAt)}.`,
    };
  }
  return { ...base, body: `${RAISED_BODIES[d.kind]} Since ${ctx.time(d.raisedAt)}.` };
}

export const SITES_DESCRIBERS = defineDescribers({
  "equipment.alarm.raised": { describe: raised, samples: SITES_SAMPLES["equipment.alarm.raised"] },
  "equipment.alarm.acknowledged": {
    // An acknowledgement says who took it on; the condition may well persist, so never "back in range".
    describe: (d, ctx) => ({
      category: FOOD_SAFETY,
      episode: { key: d.alarmId, step: "update" },
      link: alarmLink(ctx, d.alarmId),
      title: `${unit(ctx, d.equipmentId)}: alarm acknowledged`,
      body: `${person(ctx, d.acknowledgedBy)} acknowledged the alarm at ${ctx.time(d.acknowledgedAt)}${d.note ? `: “${d.note}”` : "."}`,
    }),
    samples: SITES_SAMPLES["equipment.alarm.acknowledged"],
  },
  "equipment.alarm.escalated": {
    describe: (d, ctx) => ({
      category: FOOD_SAFETY,
      critical: true,
      episode: { key: d.alarmId, step: "escalate" },
      link: alarmLink(ctx, d.alarmId),
      title: `${d.equipmentName}: ${ALARM_NAMES[d.kind]} alarm not acknowledged`,
      body: `Raised at ${ctx.time(d.raisedAt)} and still not acknowledged by anyone.`,
    }),
    samples: SITES_SAMPLES["equipment.alarm.escalated"],
  },
  "equipment.alarm.cleared": {
    describe: (d, ctx) => {
      const readings = [
        d.temperature !== null ? `now ${celsius(d.temperature)}` : null,
        d.peak !== null ? `peak ${celsius(d.peak)}` : null,
      ].filter((part): part is string => part !== null);
      return {
        category: FOOD_SAFETY,
        episode: { key: d.alarmId, step: "resolve" },
        link: alarmLink(ctx, d.alarmId),
        title: `${unit(ctx, d.equipmentId)}: ${RECOVERY_TITLES[d.kind]}`,
        body: `The ${ALARM_NAMES[d.kind]} alarm cleared at ${ctx.time(d.clearedAt)}${readings.length ? ` (${readings.join(", ")})` : ""}.`,
      };
    },
    samples: SITES_SAMPLES["equipment.alarm.cleared"],
  },
  "equipment.alarm.closed": {
    describe: (d, ctx) => ({
      category: FOOD_SAFETY,
      episode: { key: d.alarmId, step: "update" },
      link: alarmLink(ctx, d.alarmId),
      title: `${unit(ctx, d.equipmentId)}: alarm closed`,
      body: `${person(ctx, d.closedBy)} closed the alarm at ${ctx.time(d.closedAt)}${d.correctiveAction ? `; corrective action: ${d.correctiveAction}` : "."}`,
    }),
    samples: SITES_SAMPLES["equipment.alarm.closed"],
  },
  // The alarm events already tell people what changed; a status line would repeat them.
  "equipment.status.changed": { describe: () => null, samples: SITES_SAMPLES["equipment.status.changed"] },
  // Minute rollups feed charts and analytics, not people.
  "equipment.readings.rolled-up": {
    describe: () => null,
    samples: SITES_SAMPLES["equipment.readings.rolled-up"],
  },
  // Rule changes and configuration are history, kept in the event log; nobody is notified.
  "equipment.rules.changed": { describe: () => null, samples: SITES_SAMPLES["equipment.rules.changed"] },
  "equipment.configured": { describe: () => null, samples: SITES_SAMPLES["equipment.configured"] },
  // The live tiles' latest reading: state, not news.
  "equipment.reading.latest": { describe: () => null, samples: SITES_SAMPLES["equipment.reading.latest"] },
  "device.presence.changed": {
    describe: (d, ctx) =>
      d.status === "OFFLINE" || d.status === "ERROR"
        ? {
            category: DEVICES,
            title: `${d.name}: ${d.status === "OFFLINE" ? "offline" : "reporting errors"}`,
            body: `The ${d.kind.toLowerCase()} ${d.status === "OFFLINE" ? "went offline" : "went into ERROR"} at ${ctx.time(d.changedAt)}.`,
          }
        : null,
    samples: SITES_SAMPLES["device.presence.changed"],
  },
  "hub.offline": {
    describe: (d, ctx) => ({
      category: HUBS,
      title: `${ctx.siteName}: hub ${d.hubName} offline`,
      body: `No contact since ${ctx.time(d.lastSeenAt)}. The hub keeps running the site and its alarms; the cloud catches up when it is back.`,
      link: `/sites/${ctx.siteId}/hubs`,
    }),
    samples: SITES_SAMPLES["hub.offline"],
  },
  "hub.online": {
    describe: (d, ctx) => ({
      category: HUBS,
      title: `${ctx.siteName}: hub ${d.hubName} back online`,
      body: `Back at ${ctx.time(d.onlineAt)} after ${minutesBetween(d.offlineSince, d.onlineAt)} minutes without contact.`,
      link: `/sites/${ctx.siteId}/hubs`,
    }),
    samples: SITES_SAMPLES["hub.online"],
  },
});

export const SITES_NOTIFICATIONS = {
  categories: [
    { id: FOOD_SAFETY, label: "Food-safety alarms", defaultChannels: ["in_app", "email"] },
    { id: DEVICES, label: "Devices offline or failing", defaultChannels: ["in_app"] },
    { id: HUBS, label: "Hub offline and back", defaultChannels: ["in_app", "email"] },
  ],
  describers: SITES_DESCRIBERS,
} satisfies ModuleNotifications<unknown>;
