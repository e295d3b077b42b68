/** Devices on the LAN: pairing, credentials, presence, the device log and registry changes. */
export { revokeDevice, rotateSecret } from "./credentials.ts";
export { type LogEntry, logStatement, readDeviceLog } from "./device-log.ts";
export {
  type CloudCredential,
  type PairDeviceInput,
  type PairedDevice,
  pairDevice,
  pairDeviceSchema,
} from "./pairing.ts";
export { presenceStatements } from "./presence.ts";
export {
  type AuthResult,
  authenticateDevice,
  birthStatement,
  clearErrorStatement,
  type DeviceIdentity,
  type DeviceRow,
  type DeviceView,
  getDevice,
  lastSeenStatement,
  listDevices,
  resetPresence,
  stateStatement,
  statusStatement,
} from "./registry.ts";
export { type RegistryChange, RegistryWatcher } from "./registry-watcher.ts";
export type { DeviceRoutes } from "./routes.ts";
