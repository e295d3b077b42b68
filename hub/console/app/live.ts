/**
 * What the console shows, kept current by the hub's live socket (`/api/live`): equipment with its latest
 * reading, alarms, devices. Read by REST on every (re)connect, then changed row by row by the socket's
 * messages; the socket reconnects by itself and closes when the person signs out. No timer polls.
 */
import { computed, signal } from "@preact/signals";
import type { AsyncState } from "../../../shared/ui/components.tsx";
import { type HubLiveMessage, LIVE_CLOSE, LIVE_PATH } from "../../live/messages.ts";
import { type Alarm, type Device, type Equipment, hub } from "./api.ts";

type Row = { id: string };
/** One collection as pages read it (the `AsyncState` shape `<Async>` renders), in the REST read's order. */
function collection<T extends Row>(load: () => Promise<T[]>) {
  const rows = signal<Map<string, T> | undefined>(undefined);
  const error = signal<unknown>(null);
  const loading = signal(false);
  const state: AsyncState<T[]> = {
    data: computed(() => (rows.value ? [...rows.value.values()] : undefined)) as AsyncState<T[]>["data"],
    error,
    loading,
    async reload() {
      loading.value = true;
      try {
        rows.value = new Map((await load()).map((r) => [r.id, r]));
        error.value = null;
      } catch (err) {
        error.value = err;
      } finally {
        loading.value = false;
      }
    },
  };
  const put = (row: T) => {
    const next = new Map(rows.value);
    next.set(row.id, row);
    rows.value = next;
  };
  const remove = (id: string) => {
    const next = new Map(rows.value);
    next.delete(id);
    rows.value = next;
  };
  return { state, rows, put, remove };
}

const equipment = collection(hub.equipment);
// Alarms still to do from REST (open, and cleared ones awaiting their corrective action); the socket adds
// every alarm that changes (closed ones too).
const alarms = collection(async () =>
  (await Promise.all([hub.alarms("open"), hub.alarms("cleared")])).flat(),
);
const devices = collection(hub.devices);

export const live = {
  equipment: equipment.state,
  alarms: alarms.state,
  devices: devices.state,
  /** One row by id, as the socket last reported it (undefined until loaded). */
  unit: (id: string) => equipment.rows.value?.get(id),
  alarm: (id: string) => alarms.rows.value?.get(id),
  device: (id: string) => devices.rows.value?.get(id),
  /** "live" while the socket is open. */
  link: signal<"connecting" | "live">("connecting"),
};

function apply(msg: HubLiveMessage<Equipment, Alarm, Device>): void {
  if (msg.type === "equipment") equipment.put(msg.data);
  else if (msg.type === "equipment-removed") equipment.remove(msg.data.id);
  else if (msg.type === "alarm") alarms.put(msg.data);
  else if (msg.type === "device") devices.put(msg.data);
}

const BACKOFF_MS = [500, 1000, 2000, 5000, 10_000];

/** Opens the socket for the signed-in person; the returned function closes it (sign-out, page gone). */
export function connectLive(): () => void {
  let stopped = false;
  let socket: WebSocket | null = null;
  let attempt = 0;
  let retry: ReturnType<typeof setTimeout> | undefined;

  let opened = false;

  function connect(): void {
    opened = false;
    const url = new URL(LIVE_PATH, location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    // Same origin, so the browser sends the session cookie with the upgrade; nothing else signs it in.
    socket = new WebSocket(url);
    socket.onopen = () => {
      opened = true;
      attempt = 0;
      live.link.value = "live";
      // What changed while the socket was down is read once; from here on the socket says what changes.
      void Promise.all([equipment.state.reload(), alarms.state.reload(), devices.state.reload()]);
    };
    socket.onmessage = (e) => {
      try {
        apply(JSON.parse(String(e.data)) as HubLiveMessage<Equipment, Alarm, Device>);
      } catch {
        // A message this console does not understand is skipped, not fatal.
      }
    };
    socket.onclose = (e) => {
      socket = null;
      live.link.value = "connecting";
      if (stopped) return;
      // The hub ended the session (signed out elsewhere, expired, removed) or refused it: ask who is
      // signed in, which shows the sign-in page if nobody is (and this socket is then closed for good).
      if (e.code === LIVE_CLOSE.signedOut || !opened) void hub.loadMe().catch(() => {});
      if (e.code === LIVE_CLOSE.signedOut) return;
      const base = BACKOFF_MS[Math.min(attempt++, BACKOFF_MS.length - 1)]!;
      retry = setTimeout(connect, base / 2 + Math.random() * base);
    };
  }

  connect();
  return () => {
    stopped = true;
    clearTimeout(retry);
    socket?.close();
  };
}
