/** The hub's command line: start the hub, manage devices, or print credentials from its data folder. */
export { AUTH_COMMANDS, AUTH_USAGE, runAuthCli } from "./auth-cli.ts";
export { type CliIo, DEVICE_USAGE, runDeviceCli } from "./device-cli.ts";
export { startFromCli } from "./start.ts";
