/**
 * What the cloud answers, as the owner app's pages name it: each type is read off the typed client
 * (./api.ts, Hono's `hc` over the cloud's routes), so none is written by hand. The live view (C5) is the
 * ledger's contract in shared/live, re-exported so pages import from one place; `isOpen` is the UI's own.
 */
import { type AlarmStatus, OPEN_ALARM_STATUSES } from "../../shared/alarms/index.ts";
import type { api } from "./api.ts";

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
export type { SiteRole } from "../../shared/roles/index.ts";
export type { PlanId } from "../billing/index.ts";
export type { User } from "./api.ts";

type Answer<K extends keyof typeof api> = Awaited<ReturnType<(typeof api)[K]>>;

export type Site = Answer<"site">;
export type Member = Answer<"members">[number];
export type Invite = Answer<"invite">;
export type Space = Answer<"spaces">[number];
export type Hub = Answer<"hubs">[number];
export type ClaimCode = Answer<"claimCode">;
export type RemoteAction = Answer<"actions">[number];
export type TotpSetup = Answer<"twoFactorSetup">;
export type TwoFactorChallenge = NonNullable<Answer<"signIn">>;
export type Plan = Answer<"plans">[number];
export type PlanLimits = Plan["limits"];
export type Subscription = Answer<"subscription">;
export type Invoice = Answer<"invoices">[number];
export type Payment = Answer<"payments">[number];
export type Balance = Answer<"balances">[number];

/** Still needs someone: raised, or acknowledged while the condition holds (the hub's `open`). */
export const isOpen = (s: AlarmStatus): boolean => OPEN_ALARM_STATUSES.includes(s);
