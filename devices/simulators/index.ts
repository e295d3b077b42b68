/** Device simulators. */
export { FREEZER, FRIDGE, FridgeModel, type FridgeParams } from "./fridge-model.ts";
export { type FridgeSimOptions, type RunningSim, runFridge } from "./run-fridge.ts";
