/** Device SDK surface. */
export { connectDevice, DeviceClient, type DeviceOptions } from "./device-client.ts";
