/** Device simulators. */
export { FREEZER, FRIDGE, FridgeModel, type FridgeParams } from "./fridge-model.ts";
export { type FridgeSimOptions, fridgeCommand, type RunningSim, runFridge } from "./run-fridge.ts";
export { type DispenserFault, DispenserSim, type DispenserSimOptions } from "./dispenser.ts";
