/** Shared contracts: import from the sub-folders; this file only documents the surface. */
export * from "./alarms/index.ts";
export * from "./cbor/index.ts";
export * from "./clock/index.ts";
export * from "./errors/index.ts";
export * from "./events/index.ts";
export * from "./ids/index.ts";
export * from "./live/index.ts";
export * from "./protocol/index.ts";
export * from "./sync/index.ts";
