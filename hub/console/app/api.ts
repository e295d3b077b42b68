/**
 * The hub console's typed client: Hono's `hc` over the hub's own route types (the hub's routes and each
 * module's, type-only imports), so a call cannot drift from its route and every answer's type is read off
 * the route. Same origin as the hub, so the session is the HttpOnly cookie of contract C1's sign-in routes;
 * pages never build URLs or read error bodies themselves (shared/ui/api.ts's `fetchOk` turns failures into ApiErrors).
 */
import { signal } from "@preact/signals";
import { hc } from "hono/client";
import { ApiError, bodyOf, fetchOk } from "../../../shared/ui/api.ts";
import type { HubOwnRoutes } from "../../api/index.ts";
import type { DeviceRoutes } from "../../devices/index.ts";
import type { HeatingRoutes } from "../../heating/index.ts";
import type { MonitoringRoutes } from "../../monitoring/index.ts";

const ORIGIN = location.origin;

/** A 2xx answer's body, typed by its route (undefined for 204). */
const read = async <T>(pending: Promise<{ status: number; text(): Promise<string>; json(): Promise<T> }>) =>
  bodyOf<T>(await pending);

/** `fetchOk`; a session that ended (expired, hub restarted) sends the person back to sign in. */
export async function sessionFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  try {
    return await fetchOk(input, init);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) me.value = null;
    throw err;
  }
}

// The sign-in routes answer 401 as part of signing in, so they use plain `fetchOk`.
const auth = hc<HubOwnRoutes>(ORIGIN, { fetch: fetchOk }).api.auth;
const cloud = hc<HubOwnRoutes>(ORIGIN, { fetch: sessionFetch }).api.cloud;
const monitoring = hc<MonitoringRoutes>(ORIGIN, { fetch: sessionFetch }).api;
const devices = hc<DeviceRoutes>(ORIGIN, { fetch: sessionFetch }).api.devices;
const heating = hc<HeatingRoutes>(ORIGIN, { fetch: sessionFetch }).api.heating;
const byId = (id: string) => ({ param: { id } });

const meCall = () => read(auth.me.$get());
const readingsCall = (id: string, from: number, to: number, resolution: "minute" | "hour") =>
  read(
    monitoring.equipment[":id"].readings.$get({
      ...byId(id),
      query: { from, to, resolution, limit: 10_000 },
    }),
  );

/** The signed-in person, as `/api/auth/me` answers. */
export type Me = Awaited<ReturnType<typeof meCall>>;
export type Equipment = Awaited<ReturnType<typeof hub.equipment>>[number];
export type Alarm = Awaited<ReturnType<typeof hub.alarms>>[number];
export type Device = Awaited<ReturnType<typeof hub.devices>>[number];
export type Paired = Awaited<ReturnType<typeof hub.pair>>;
/** One bucket of a minute or hour series (the readings route answers raw rows only for `raw`). */
export type HeatingRoom = Awaited<ReturnType<typeof hub.heatingRooms>>["rooms"][number];
export type Rollup = Extract<Awaited<ReturnType<typeof readingsCall>>["readings"][number], { mean: number }>;

/** Who is signed in; `undefined` while unknown, null when signed out. */
export const me = signal<Me | null | undefined>(undefined);

export const hub = {
  /** C1: whether the hub is claimed and still waits for its first local owner (public). */
  authState: () => read(auth.state.$get()),
  /** Who is signed in; a 401 means nobody (the sign-in page shows). */
  async loadMe(): Promise<void> {
    try {
      me.value = await meCall();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) me.value = null;
      else throw err;
    }
  },
  async setup(code: string, username: string, password: string) {
    me.value = await read(auth.setup.$post({ json: { code, username, password } }));
  },
  async signIn(username: string, password: string) {
    me.value = await read(auth["sign-in"].$post({ json: { username, password } }));
  },
  async signInWithCode(code: string) {
    me.value = await read(auth.code.$post({ json: { code } }));
  },
  async signInWithToken(token: string) {
    me.value = await read(auth.token.$post({ json: { token } }));
  },
  async signOut() {
    await read(auth["sign-out"].$post()).catch(() => {});
    me.value = null;
  },

  equipment: async () => (await read(monitoring.equipment.$get())).equipment,
  oneEquipment: (id: string) => read(monitoring.equipment[":id"].$get(byId(id))),
  rules: (id: string) => read(monitoring.equipment[":id"].rules.$get(byId(id))),
  /** Name, type and range (admin); the hub records the change in the unit's history and sends it up. */
  updateEquipment: (
    id: string,
    patch: Parameters<(typeof monitoring.equipment)[":id"]["$patch"]>[0]["json"],
  ) => read(monitoring.equipment[":id"].$patch({ ...byId(id), json: patch })),
  /** Some alarm rule settings (admin); the hub validates the merged rules. */
  setRules: (id: string, settings: Record<string, number>) =>
    read(monitoring.equipment[":id"].rules.$put({ ...byId(id), json: settings })),
  /** Minute or hour buckets; a raw answer (never asked for here) has no buckets, so it is left out. */
  readings: async (id: string, from: number, to: number, resolution: "minute" | "hour") => {
    const answer = await readingsCall(id, from, to, resolution);
    return { ...answer, readings: answer.readings.filter((r): r is Rollup => "mean" in r) };
  },
  /** The printable report (HTML, rendered by the hub). */
  reportUrl: (id: string, from: number, to: number) =>
    monitoring.equipment[":id"].report.$url({ ...byId(id), query: { format: "html", from, to } }).href,

  alarms: async (status: "open" | "cleared" | "all" = "open") =>
    (await read(monitoring.alarms.$get({ query: { status } }))).alarms,
  // The hub records the signed-in person from the session; the body never names anyone.
  acknowledge: (id: string, note?: string) =>
    read(monitoring.alarms[":id"].acknowledge.$post({ ...byId(id), json: note ? { note } : {} })),
  close: (id: string, correctiveAction: string) =>
    read(monitoring.alarms[":id"].close.$post({ ...byId(id), json: { correctiveAction } })),

  devices: async () => (await read(devices.$get())).devices,
  pair: (input: Parameters<typeof devices.$post>[0]["json"]) => read(devices.$post({ json: input })),
  revoke: (id: string) => read(devices[":id"].revoke.$post(byId(id))),
  rotate: (id: string) => read(devices[":id"]["rotate-secret"].$post(byId(id))),
  logs: async (id: string) =>
    (await read(devices[":id"].logs.$get({ ...byId(id), query: { limit: 50 } }))).logs,
  commands: async (id: string) =>
    (await read(devices[":id"].commands.$get({ ...byId(id), query: {} }))).commands,
  sendCommand: (id: string, name: string, args: Record<string, unknown>) =>
    read(devices[":id"].commands.$post({ ...byId(id), json: { name, args } })),

  heatingRooms: () => read(heating.rooms.$get()),
  heatingEnergy: async (id: string) => (await read(heating.rooms[":id"].energy.$get(byId(id)))).days,
  heatingOverride: (id: string, setPoint: number, minutes?: number) =>
    read(
      heating.rooms[":id"].override.$post({
        ...byId(id),
        json: minutes ? { setPoint, minutes } : { setPoint },
      }),
    ),
  heatingBoost: (id: string, setPoint: number, minutes: number) =>
    read(heating.rooms[":id"].boost.$post({ ...byId(id), json: { setPoint, minutes } })),
  heatingMode: (id: string, mode: "auto" | "manual" | "away" | "off") =>
    read(heating.rooms[":id"].mode.$put({ ...byId(id), json: { mode } })),

  cloud: () => read(cloud.$get()),
  claim: (cloudUrl: string, code: string, name: string) =>
    read(cloud.claim.$post({ json: { cloudUrl, code, name } })),
};
