/** Devices on the LAN: pairing, credentials and presence. */
export { type PairDeviceInput, type PairedDevice, pairDevice, pairDeviceSchema } from "./pairing.ts";
export { applyBirth, authenticateDevice, type DeviceRow, listDevices, setPresence } from "./registry.ts";
