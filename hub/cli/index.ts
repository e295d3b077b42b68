/** The hub's command line: start the hub, or manage devices in its data folder. */
export { type CliIo, DEVICE_USAGE, runDeviceCli } from "./device-cli.ts";
export { startFromCli } from "./start.ts";
