/**
 * What the cloud API answers, as the owner app reads it. The live-view shapes follow contract C5; once
 * `shared/live/index.ts` is merged these should be imported from there instead.
 */

export type SiteRole = "OWNER" | "MAINTAINER" | "GUEST";

export interface User {
  id: string;
  email: string;
  roles: string[];
}

export interface Session {
  user: User;
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
}

export interface TwoFactorChallenge {
  twoFactorRequired: true;
  challengeToken: string;
  challengeExpiresIn: number;
}

export interface Site {
  id: string;
  name: string;
  role: SiteRole;
  createdAt: string;
  /** IANA zone when the site names one; the browser's zone otherwise. */
  timeZone?: string;
}

export interface HubView {
  hubId: string;
  online: boolean;
  lastSeenAt: string | null;
}

export interface EquipmentView {
  equipmentId: string;
  equipmentName: string | null;
  status: "OK" | "ALARM";
  openAlarms: number;
  lastTemperature: number | null;
  updatedAt: string;
}

/** The hub's words (C5); "OPEN" is what the ledger said before C5 and reads as RAISED. */
export type AlarmStatus = "RAISED" | "ACKNOWLEDGED" | "CLEARED" | "CLOSED" | "OPEN";

/** Still needs someone: raised (or, before C5, "OPEN") or acknowledged but not cleared. */
export const isOpen = (s: AlarmStatus): boolean => s === "RAISED" || s === "OPEN" || s === "ACKNOWLEDGED";

export interface AlarmView {
  alarmId: string;
  equipmentId: string;
  equipmentName: string | null;
  kind: string;
  status: AlarmStatus;
  temperature: number | null;
  limit: number | null;
  peak: number | null;
  raisedAt: string | null;
  clearedAt: string | null;
  escalated?: boolean;
  acknowledgedBy?: string | null;
  closedBy?: string | null;
}

export interface DeviceView {
  deviceId: string;
  [key: string]: unknown;
}

export type LiveMessage =
  | { type: "snapshot"; hub: HubView; equipment: EquipmentView[]; alarms: AlarmView[]; devices: DeviceView[] }
  | { type: "equipment"; data: EquipmentView }
  | { type: "alarm"; data: AlarmView }
  | { type: "device"; data: DeviceView }
  | { type: "hub"; data: HubView };

export interface History {
  equipmentId: string;
  resolution: "minute" | "hour";
  t: number[];
  min: number[];
  max: number[];
  mean: number[];
  limits: { low: number; high: number } | null;
}

export type HistoryRange = "24h" | "7d" | "30d";

export interface RemoteAction {
  id: string;
  kind: string;
  target: string;
  by: { userId: string; name: string };
  status: "PENDING" | "APPLIED" | "FAILED";
  result?: unknown;
  createdAt: string;
  appliedAt?: string;
}

export interface Member {
  userId: string;
  role: SiteRole;
  createdAt: string;
}

export interface Invite {
  id: string;
  email: string;
  role: SiteRole;
  expiresAt: string;
  token?: string;
}

export interface Space {
  id: string;
  siteId: string;
  name: string;
  createdAt: string;
}

export interface Hub {
  id: string;
  name: string;
  claimedAt: string;
  revokedAt: string | null;
}

export interface ClaimCode {
  code: string;
  siteId: string;
  expiresAt: string;
}

export interface TotpSetup {
  secret: string;
  otpauthUri: string;
  qrSvg: string;
}
