/** Room heating shared by hub, cloud, simulators and bench: the schedule, the thermostat, the room model. */
export * from "./room-model.ts";
export * from "./schedule.ts";
export * from "./thermostat.ts";
