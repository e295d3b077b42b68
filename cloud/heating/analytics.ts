/** Heating's analytics rows (through its manifest): energy and heating minutes per room and day, safety trips. */
import type { EventData } from "../../shared/events/index.ts";
import type { ModuleAnalytics } from "../module/index.ts";

export const HEATING_METRICS = {
  energy: "heating.energy",
  minutes: "heating.minutes",
  trips: "heating.safety-trips",
} as const;

export const HEATING_ANALYTICS = {
  metrics: [
    // Watt-hours are whole counts (the contract has no energy unit); the label says which.
    { id: HEATING_METRICS.energy, label: "Energy (Wh)", unit: "count" },
    { id: HEATING_METRICS.minutes, label: "Heating time", unit: "minutes" },
    { id: HEATING_METRICS.trips, label: "Safety trips", unit: "count" },
  ],
  patterns: ["heating.energy.rolled-up", "heating.safety.tripped"],
  facts: (event, { day }) => {
    const siteId = event.source.siteId;
    if (event.type === "heating.energy.rolled-up") {
      const d = event.data as EventData<"heating.energy.rolled-up">;
      // The hub sends each room's finished local day once, already in the site's zone: its day is the row's.
      const room = { siteId, day: d.day, key: d.roomId, label: d.roomName };
      return [
        // kWh travel with three decimals (whole Wh at the hub): rounding undoes the float.
        { ...room, metric: HEATING_METRICS.energy, add: Math.round(d.kwh * 1000) },
        { ...room, metric: HEATING_METRICS.minutes, add: d.heatingMinutes },
      ];
    }
    if (event.type === "heating.safety.tripped") {
      const d = event.data as EventData<"heating.safety.tripped">;
      return [
        {
          siteId,
          day: day(d.trippedAt),
          metric: HEATING_METRICS.trips,
          key: d.roomId,
          label: d.roomName,
          add: 1,
        },
      ];
    }
    return [];
  },
} satisfies ModuleAnalytics<unknown>;
