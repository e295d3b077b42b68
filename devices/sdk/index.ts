/** Device SDK surface. */
export { type CommandHandler, type CommandOutcome, CommandRunner } from "./command-runner.ts";
export { connectDevice, DeviceClient, type DeviceOptions } from "./device-client.ts";
