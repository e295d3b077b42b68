/** Cold-chain monitoring: readings, alarm rules, the alarm lifecycle, rollups and food-safety records. */
export { getEquipment, listAlarms, listEquipment, readingsBetween } from "./alarms.ts";
export {
  createEquipment,
  createEquipmentSchema,
  deleteEquipment,
  type EquipmentContext,
  equipmentHistoryOf,
  rulesOf,
  updateEquipment,
  updateEquipmentSchema,
  updateRules,
} from "./equipment.ts";
export { acknowledgeAlarm, closeAlarm, type LifecycleContext } from "./lifecycle.ts";
export {
  type Prepared,
  type ReadingInput,
  ReadingRecorder,
  type RecorderDeps,
  type WatchedEquipment,
} from "./recorder.ts";
export { type FoodSafetyReport, foodSafetyReport } from "./report.ts";
export { reportCsv, reportHtml } from "./report-format.ts";
export { type PruneOptions, pruneReadings, RAW_RETENTION_MS } from "./retention.ts";
export { feedRollups, MINUTES_PER_EVENT, type RollupFeedDeps } from "./rollup-feed.ts";
export { type Resolution, readRollups } from "./rollups.ts";
export type { MonitoringRoutes } from "./routes.ts";
export { defaultRules, type RuleConfig, ruleConfigSchema } from "./rules/index.ts";
