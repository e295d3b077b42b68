/**
 * The hub console's typed client. Same origin as the hub, so the session is the HttpOnly cookie the sign-in
 * routes of contract C1 set; pages never build URLs or read error bodies themselves.
 */

import { signal } from "@preact/signals";
import type { AlarmKind, AlarmStatus } from "../../../shared/alarms/index.ts";
import type { HubRole } from "../../../shared/desired-state/index.ts";
import type { DeviceStatus } from "../../../shared/protocol/index.ts";
import { ApiError, type RequestOptions, requestJson, seg } from "../../../shared/ui/api.ts";

export interface Me {
  subject: string;
  name: string;
  role: HubRole;
}

export interface AuthState {
  claimed: boolean;
  setupRequired: boolean;
}

export interface Equipment {
  id: string;
  deviceId: string | null;
  name: string;
  type: string;
  optimalMin: number;
  optimalMax: number;
  locationName: string | null;
  currentTemperature: number | null;
  latestReading: { ts: number; temperature: number | null; doorOpen?: boolean | null } | null;
}

export type { AlarmKind, AlarmStatus };
export interface Alarm {
  id: string;
  equipmentId: string;
  kind: AlarmKind;
  status: AlarmStatus;
  limit: number | null;
  triggerTemperature: number | null;
  peakTemperature: number | null;
  raisedAt: number;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  escalatedAt: number | null;
  clearedAt: number | null;
  closedAt: number | null;
  closedBy: string | null;
  correctiveAction: string | null;
}

export interface Device {
  id: string;
  kind: string;
  name: string;
  status: DeviceStatus;
  model: string | null;
  firmware: string | null;
  pairedAt: number;
  lastSeenAt: number | null;
  revokedAt: number | null;
}

export interface Paired {
  id: string;
  secret: string;
  kind: string;
  equipmentId?: string;
}

export interface DeviceLog {
  id: number;
  level: string;
  type: string;
  message: string;
  occurredAt: number;
}

export interface Command {
  id: string;
  name: string;
  status: string;
  createdAt: number;
  [key: string]: unknown;
}

export interface CloudStatus {
  claimed: boolean;
  hubId?: string;
  siteId?: string;
  cloudUrl?: string;
  lastSuccessAt: number | null;
  lastError: string | null;
  consecutiveFailures: number;
  ackedSeq: number;
  desiredState?: { version: number | null; appliedAt: number | null; lastError: string | null };
}

export interface Rollup {
  ts: number;
  min: number;
  max: number;
  mean: number;
  count: number;
}

/** Who is signed in; `undefined` while unknown, null when signed out. */
export const me = signal<Me | null | undefined>(undefined);

async function call<T>(path: string, opts?: RequestOptions): Promise<T> {
  try {
    return await requestJson<T>("", path, opts);
  } catch (err) {
    // A session that ended (expired, hub restarted) sends the person back to sign in.
    if (err instanceof ApiError && err.status === 401 && !path.startsWith("/api/auth/")) me.value = null;
    throw err;
  }
}

const post = <T>(path: string, body?: unknown) => call<T>(path, { method: "POST", body: body ?? {} });

export const hub = {
  /** C1: whether the hub is claimed and still waits for its first local owner (public). */
  authState: () => call<AuthState>("/api/auth/state"),
  /** Who is signed in; a 401 means nobody (the sign-in page shows). */
  async loadMe(): Promise<void> {
    try {
      me.value = await call<Me>("/api/auth/me");
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) me.value = null;
      else throw err;
    }
  },
  async setup(code: string, username: string, password: string) {
    me.value = await post<Me>("/api/auth/setup", { code, username, password });
  },
  async signIn(username: string, password: string) {
    me.value = await post<Me>("/api/auth/sign-in", { username, password });
  },
  async signInWithToken(token: string) {
    me.value = await post<Me>("/api/auth/token", { token });
  },
  async signOut() {
    await post<void>("/api/auth/sign-out").catch(() => {});
    me.value = null;
  },

  equipment: async () => (await call<{ equipment: Equipment[] }>("/api/equipment")).equipment,
  oneEquipment: (id: string) => call<Equipment>(`/api/equipment/${seg(id)}`),
  readings: (id: string, from: number, to: number, resolution: "minute" | "hour") =>
    call<{ readings: Rollup[] }>(`/api/equipment/${seg(id)}/readings`, {
      query: { from, to, resolution, limit: 10_000 },
    }),
  /** The printable report (HTML, rendered by the hub). */
  reportUrl: (id: string, from: number, to: number) =>
    `/api/equipment/${seg(id)}/report?format=html&from=${from}&to=${to}`,

  alarms: async (status: "open" | "all" = "open") =>
    (await call<{ alarms: Alarm[] }>("/api/alarms", { query: { status } })).alarms,
  // The hub records the signed-in person from the session; the body never names anyone.
  acknowledge: (id: string, note?: string) =>
    post<Alarm>(`/api/alarms/${seg(id)}/acknowledge`, note ? { note } : {}),
  close: (id: string, correctiveAction: string) =>
    post<Alarm>(`/api/alarms/${seg(id)}/close`, { correctiveAction }),

  devices: async () => (await call<{ devices: Device[] }>("/api/devices")).devices,
  pair: (input: { kind: string; name: string; equipment?: { optimalMin?: number; optimalMax?: number } }) =>
    post<Paired>("/api/devices", input),
  revoke: (id: string) => post<Device>(`/api/devices/${seg(id)}/revoke`),
  rotate: (id: string) => post<Paired>(`/api/devices/${seg(id)}/rotate-secret`),
  logs: async (id: string) =>
    (await call<{ logs: DeviceLog[] }>(`/api/devices/${seg(id)}/logs`, { query: { limit: 50 } })).logs,
  commands: async (id: string) =>
    (await call<{ commands: Command[] }>(`/api/devices/${seg(id)}/commands`)).commands,
  sendCommand: (id: string, name: string, args: Record<string, unknown>) =>
    post<Command>(`/api/devices/${seg(id)}/commands`, { name, args }),

  cloud: () => call<CloudStatus>("/api/cloud"),
  claim: (cloudUrl: string, code: string, name: string) =>
    post<{ hubId: string; siteId: string; cloudUrl: string }>("/api/cloud/claim", { cloudUrl, code, name }),
};
