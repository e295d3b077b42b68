/** Device simulators. */
export { FREEZER, FRIDGE, FridgeModel, type FridgeParams } from "./fridge-model.ts";
export { type HeatingRoomDevices, HeatingRoomSim } from "./heating.ts";
export { type FridgeSimOptions, fridgeCommand, type RunningSim, runFridge } from "./run-fridge.ts";
