/** The live site view (C5): what the cloud's SiteLedger projects and pushes over its WebSocket, and chart history. */

import type { AlarmKind, AlarmStatus } from "../alarms/index.ts";
import type { EquipmentType } from "../equipment/index.ts";
import type { PresenceStatus } from "../protocol/index.ts";

/** The subprotocol a live socket speaks; the server selects it in its 101 answer. */
export const LIVE_PROTOCOL = "outpost.live.v1";
/** Browsers cannot set headers on a WebSocket, so the access token travels as a subprotocol `bearer.<token>`. */
export const BEARER_PROTOCOL_PREFIX = "bearer.";
/** The server closed the socket because its token expired or its sessions were revoked: reconnect with a fresh token. */
export const LIVE_CLOSE_TOKEN_EXPIRED = 4401;
/** The server closed the socket because its user is no longer a member: do not reconnect with the same token. */
export const LIVE_CLOSE_NOT_MEMBER = 4403;
/** A hub with no contact for this long is shown offline. */
export const HUB_OFFLINE_AFTER_MS = 2 * 60_000;

export interface HubView {
  /** null until a hub of the site has made contact. */
  hubId: string | null;
  online: boolean;
  lastSeenAt: string | null;
}

export interface TemperatureLimits {
  low: number;
  high: number;
}

export interface EquipmentView {
  equipmentId: string;
  equipmentName: string | null;
  status: "OK" | "ALARM";
  /** Alarms RAISED or ACKNOWLEDGED. */
  openAlarms: number;
  /**
   * The newest known temperature: the hub's latest reading (sent every few seconds while it is online), the
   * mean of the newest minute rollup, or an alarm's reading, whichever was taken last.
   */
  lastTemperature: number | null;
  /** Start of the newest minute rollup (hub time); null before the first rollup. */
  lastReadingAt: string | null;
  /** The configured range once the hub sent it (before that, both limits seen on alarms); null until known. */
  limits: TemperatureLimits | null;
  /** When the event that set lastTemperature occurred (hub time). */
  updatedAt: string;
  /** The configured type and set temperature, once the hub sent them (absent before). */
  type?: EquipmentType;
  setTemperature?: number;
}

export interface AlarmView {
  alarmId: string;
  equipmentId: string;
  equipmentName: string | null;
  /** null only while an acknowledgement or close arrived before the raise. */
  kind: AlarmKind | null;
  status: AlarmStatus;
  escalated: boolean;
  temperature: number | null;
  limit: number | null;
  peak: number | null;
  raisedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  note: string | null;
  escalatedAt: string | null;
  clearedAt: string | null;
  closedAt: string | null;
  closedBy: string | null;
  correctiveAction: string | null;
}

export interface DeviceView {
  deviceId: string;
  kind: string;
  name: string;
  status: PresenceStatus;
  equipmentId: string | null;
  changedAt: string;
}

export interface LiveSnapshot {
  type: "snapshot";
  hub: HubView;
  equipment: EquipmentView[];
  alarms: AlarmView[];
  devices: DeviceView[];
}

/** One message per projected change, after the snapshot. */
export type LiveChange =
  | { type: "equipment"; data: EquipmentView }
  | { type: "alarm"; data: AlarmView }
  | { type: "device"; data: DeviceView }
  | { type: "hub"; data: HubView }
  /** A new in-app notification for the socket's person (sent only to their sockets). */
  | { type: "notification"; data: LiveNotification };

export type LiveMessage = LiveSnapshot | LiveChange;

/** What the bell shows of a notification pushed live. */
export interface LiveNotification {
  id: string;
  siteId: string;
  title: string;
  body: string;
  link: string | null;
  critical: boolean;
  createdAt: string;
}

export const HISTORY_RANGES = ["24h", "7d", "30d"] as const;
export type HistoryRange = (typeof HISTORY_RANGES)[number];

/** Chart history in column arrays (uPlot's shape); `t` in epoch seconds. */
export interface HistoryView {
  equipmentId: string;
  resolution: "minute" | "hour";
  t: number[];
  min: number[];
  max: number[];
  mean: number[];
  limits: TemperatureLimits | null;
}
