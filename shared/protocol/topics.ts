/** MQTT topic contract: every device lives under `outpost/v1/d/{deviceId}/`. */

export const TOPIC_ROOT = "outpost/v1/d";

/** Device → hub channels, then hub → device channels. */
export const DEVICE_CHANNELS = ["birth", "status", "telemetry", "state", "event", "ack"] as const;
export const HUB_CHANNELS = ["cmd"] as const;
export type DeviceChannel = (typeof DEVICE_CHANNELS)[number];
export type HubChannel = (typeof HUB_CHANNELS)[number];
export type Channel = DeviceChannel | HubChannel;

const DEVICE_ID_RE = /^[a-z0-9][a-z0-9_-]{2,47}$/;

export function isValidDeviceId(id: string): boolean {
  return DEVICE_ID_RE.test(id);
}

export function deviceTopic(deviceId: string, channel: Channel): string {
  return `${TOPIC_ROOT}/${deviceId}/${channel}`;
}

/** The prefix a device may publish and subscribe under (its ACL). */
export function devicePrefix(deviceId: string): string {
  return `${TOPIC_ROOT}/${deviceId}/`;
}

export interface ParsedTopic {
  deviceId: string;
  channel: Channel;
}

/** Parses a concrete topic; null when it is not an Outpost device topic. */
export function parseDeviceTopic(topic: string): ParsedTopic | null {
  const parts = topic.split("/");
  if (parts.length !== 5 || `${parts[0]}/${parts[1]}/${parts[2]}` !== TOPIC_ROOT) return null;
  const deviceId = parts[3]!;
  const channel = parts[4]! as Channel;
  if (!isValidDeviceId(deviceId)) return null;
  if (!(DEVICE_CHANNELS as readonly string[]).includes(channel) && channel !== "cmd") return null;
  return { deviceId, channel };
}

const DEVICE_CHANNEL_SET: ReadonlySet<string> = new Set(DEVICE_CHANNELS);

/**
 * The device → hub channel of `topic` when it lies under `deviceId`'s own prefix, else null: what a
 * device may publish to. Ingest asks once a message, so this compares in place (no split, no pattern).
 */
export function publishChannel(deviceId: string, topic: string): DeviceChannel | null {
  const idAt = TOPIC_ROOT.length + 1;
  const channelAt = idAt + deviceId.length + 1;
  if (
    !isValidDeviceId(deviceId) ||
    !topic.startsWith(TOPIC_ROOT) ||
    topic[idAt - 1] !== "/" ||
    !topic.startsWith(deviceId, idAt) ||
    topic[channelAt - 1] !== "/"
  )
    return null;
  const channel = topic.slice(channelAt);
  return DEVICE_CHANNEL_SET.has(channel) ? (channel as DeviceChannel) : null;
}

/** True when a device may publish to `topic`: its own prefix and a device → hub channel. */
export function mayPublish(deviceId: string, topic: string): boolean {
  return publishChannel(deviceId, topic) !== null;
}

/** True when a device may subscribe to `filter`: only topics under its own prefix, no wildcard escaping it. */
export function maySubscribe(deviceId: string, filter: string): boolean {
  const prefix = devicePrefix(deviceId);
  if (!filter.startsWith(prefix)) return false;
  const rest = filter.slice(prefix.length);
  return rest === "#" || rest === "+" || (HUB_CHANNELS as readonly string[]).includes(rest);
}
