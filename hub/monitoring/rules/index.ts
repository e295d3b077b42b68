/** Alarm rules: settings, state and the pure engine. */
export {
  DEFAULT_RANGES,
  defaultRules,
  EQUIPMENT_TYPES,
  type EquipmentType,
  type RuleConfig,
  ruleConfigSchema,
} from "./config.ts";
export { onReading, onTime, type ReadingFacts, type Transition } from "./engine.ts";
export { activeAlarms, cloneState, initialState, type RuleState, sameSavedState } from "./state.ts";
