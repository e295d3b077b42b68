/** Cold-chain monitoring: readings, the range rule and alarms. */
export { listAlarms, listEquipment, readingsBetween } from "./alarms.ts";
export { type AlarmKind, evaluateRange, type OpenAlarm, type RangeLimits } from "./range-rule.ts";
export { type ReadingInput, ReadingRecorder, type RecorderDeps } from "./recorder.ts";
