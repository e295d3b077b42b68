/** Device statuses: the hub's registry, its presence events and the cloud's live views use these words only. */

/** A device's state in the hub's registry: PAIRED until its first connection. */
export const DEVICE_STATUSES = ["PAIRED", "ONLINE", "OFFLINE", "ERROR", "REVOKED"] as const;
export type DeviceStatus = (typeof DEVICE_STATUSES)[number];

/** The statuses a device that has connected can be in: what presence events and live views carry. */
export const PRESENCE_STATUSES = [
  "ONLINE",
  "OFFLINE",
  "ERROR",
  "REVOKED",
] as const satisfies readonly DeviceStatus[];
export type PresenceStatus = (typeof PRESENCE_STATUSES)[number];

/** The statuses of a device with a connection open (a device in ERROR still talks). */
export const CONNECTED_STATUSES = ["ONLINE", "ERROR"] as const satisfies readonly DeviceStatus[];
