/** The monitoring module's manifest: cold-chain readings, alarm rules and the alarm lifecycle. */
import {
  alarmRules,
  alarms,
  equipment,
  equipmentHistory,
  latestReadings,
  monitoringState,
  readings,
  rollups,
} from "../db/index.ts";
import { defineHubModule } from "../module/manifest.ts";
import { announceConfigurations } from "./configured.ts";
import { equipmentSection } from "./equipment-section.ts";
import { feedLatest } from "./latest-feed.ts";
import { acknowledgeAction, closeAction } from "./remote-actions.ts";
import { feedRollups } from "./rollup-feed.ts";
import { monitoringRoutes } from "./routes.ts";
import { rulesSection } from "./rules-section.ts";
import { measuredTelemetry } from "./telemetry.ts";
import { monitoringTimers } from "./timers.ts";

export const monitoringModule = defineHubModule({
  name: "monitoring",
  tables: [
    equipment,
    alarms,
    alarmRules,
    monitoringState,
    rollups,
    equipmentHistory,
    readings,
    latestReadings,
  ],
  routes: monitoringRoutes,
  // Equipment before its rules.
  sections: [equipmentSection, rulesSection],
  telemetry: measuredTelemetry,
  timers: monitoringTimers,
  remoteActions: [acknowledgeAction, closeAction],
  outboxProducers: (ctx) => [
    () => announceConfigurations(ctx),
    () => feedRollups({ ...ctx, graceMs: ctx.settings.rollupGraceMs }),
    () => feedLatest({ ...ctx, everyMs: ctx.settings.latestEveryMs }),
  ],
});
