/** The broker's protective limits, with defaults sized for a shop or a home on a Raspberry Pi. */
import { MAX_FRAME_BYTES } from "../../shared/protocol/index.ts";

export interface BrokerLimits {
  /** Largest MQTT frame (topic + payload + header) a device may send. */
  maxFrameBytes: number;
  /** Open TCP connections, authenticated or not. */
  maxConnections: number;
  /** Connections still in CONNECT; beyond it the oldest of the address holding the most is shed. */
  maxPendingConnections: number;
  maxPendingPerAddress: number;
  /** A connection that has not sent CONNECT by then is closed. */
  connectTimeoutMs: number;
  /** …or by this, once half the pending slots are taken. */
  pressureConnectTimeoutMs: number;
  /** Sustained messages per second per device; faster devices are slowed, not dropped. */
  deviceRatePerSecond: number;
  deviceBurst: number;
  /** A message that would be held back longer than this disconnects the device. */
  maxThrottleMs: number;
  /** A device disconnected for flooding may not reconnect for this long, doubling per offence… */
  floodHoldOffMs: number;
  /** …up to this. */
  floodHoldOffMaxMs: number;
}

export const DEFAULT_LIMITS: BrokerLimits = {
  maxFrameBytes: MAX_FRAME_BYTES,
  maxConnections: 2000,
  maxPendingConnections: 256,
  maxPendingPerAddress: 64,
  connectTimeoutMs: 10_000,
  pressureConnectTimeoutMs: 2000,
  deviceRatePerSecond: 100,
  deviceBurst: 200,
  maxThrottleMs: 5000,
  floodHoldOffMs: 5000,
  floodHoldOffMaxMs: 5 * 60_000,
};
