/** The hub's SQLite schema, one file per entity. */
export * from "./alarms.ts";
export * from "./auth.ts";
export * from "./commands.ts";
export * from "./device-logs.ts";
export * from "./devices.ts";
export * from "./dispensing.ts";
export * from "./equipment.ts";
export * from "./heating.ts";
export * from "./monitoring.ts";
export * from "./outbox.ts";
export * from "./readings.ts";
export * from "./remote-actions.ts";
export * from "./service.ts";
