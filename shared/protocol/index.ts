/** The device protocol contract: topics, payload schemas, commands and the payload codec. */
export * from "./codec.ts";
export * from "./commands.ts";
export * from "./device-status.ts";
export * from "./payloads.ts";
export * from "./topics.ts";
