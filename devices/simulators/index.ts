/** Device simulators. */

export { type DispenserFault, DispenserSim, type DispenserSimOptions } from "./dispenser.ts";
export { FREEZER, FRIDGE, FridgeModel, type FridgeParams } from "./fridge-model.ts";
export { type HeatingRoomDevices, HeatingRoomSim } from "./heating.ts";
export { type FridgeSimOptions, fridgeCommand, type RunningSim, runFridge } from "./run-fridge.ts";
