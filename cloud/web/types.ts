/**
 * What the cloud API answers, as the owner app reads it. The live view and history (C5) are the ledger's
 * contract in shared/live, re-exported here so pages import from one place.
 */
import { type AlarmStatus, OPEN_ALARM_STATUSES } from "../../shared/alarms/index.ts";
import type { SiteRole } from "../../shared/roles/index.ts";

export type { AlarmKind, AlarmStatus } from "../../shared/alarms/index.ts";
export type {
  AlarmView,
  DeviceView,
  EquipmentView,
  HistoryRange,
  HistoryView,
  HubView,
  LiveMessage,
} from "../../shared/live/index.ts";

export type { SiteRole };

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

/** Still needs someone: raised, or acknowledged while the condition holds (the hub's `open`). */
export const isOpen = (s: AlarmStatus): boolean => OPEN_ALARM_STATUSES.includes(s);

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

/** Billing (cloud/billing's answers, as the owner app reads them). */
export interface Money {
  amount: number;
  currency: string;
}
export type PlanLimits = Record<"sites" | "hubs" | "equipment" | "members" | "historyDays", number>;
export interface Plan {
  id: string;
  name: string;
  price: Money;
  limits: PlanLimits;
}
export interface Subscription {
  plan: string;
  effectivePlan: string;
  status: "NONE" | "INCOMPLETE" | "ACTIVE" | "PAST_DUE" | "CANCELED";
  currentPeriodEnd: string | null;
  scheduledPlan: string | null;
  scheduledAt: string | null;
  graceUntil: string | null;
  limits: PlanLimits;
}
export interface Invoice {
  id: string;
  kind: string;
  description: string;
  amount: number;
  currency: string;
  status: string;
  dueDate: string;
  createdAt: string;
  paidAt: string | null;
}
export interface Payment {
  id: string;
  invoiceId: string | null;
  amount: number;
  currency: string;
  method: string;
  status: string;
  refundedAmount: number;
  payable: { kind: string; id: string };
  createdAt: string;
}
export interface Balance {
  currency: string;
  paid: number;
  refunded: number;
  net: number;
  outstanding: number;
}
