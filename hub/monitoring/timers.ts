/** Monitoring's periodic work: the tick for time-based alarm rules, and the daily prune of aged readings. */
import type { HubModuleContext, HubTimer } from "../module/manifest.ts";
import { pruneReadings } from "./retention.ts";

const DAY_MS = 24 * 3600_000;

export function monitoringTimers(ctx: HubModuleContext): HubTimer[] {
  const { clock, log, writer, settings } = ctx;
  return [
    {
      // Stale sensors, doors left open, escalations. Through the ingest writer, so time-based
      // transitions never race a batch of readings.
      name: "tick",
      everyMs: settings.monitoringTickMs ?? 30_000,
      run: () => writer.submit({ kind: "tick", now: clock.now() }),
    },
    {
      // A minute after start by default: start-up and the first device connections go first.
      name: "retention",
      everyMs: settings.retention?.everyMs ?? DAY_MS,
      firstAfterMs: settings.retention?.firstAfterMs ?? 60_000,
      async run(stopping) {
        const n = await pruneReadings(ctx.db, clock.now(), { stopping });
        if (n.readings > 0 || n.minuteRollups > 0) log.info("pruned aged readings", n);
      },
    },
  ];
}
