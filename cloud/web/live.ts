/**
 * The live view of one site (contract C5): a WebSocket that reconnects by itself with backoff, and at once
 * with a fresh token when the server closes it because its token expired (4401). While the socket is down
 * the view keeps itself fresh from the REST reads, so the page never freezes silently.
 */

import { type Signal, signal } from "@preact/signals";
import { api } from "./api.ts";
import { notificationArrived } from "./bell.ts";
import { afterClose, backoffDelay } from "./live-reconnect.ts";
import type { AlarmView, EquipmentView, HubView, LiveMessage } from "./types.ts";

export interface LiveSite {
  equipment: Signal<Map<string, EquipmentView>>;
  alarms: Signal<Map<string, AlarmView>>;
  hub: Signal<HubView | null>;
  /** "live" while the socket is open; "connecting" before or between attempts. */
  link: Signal<"connecting" | "live" | "polling">;
  error: Signal<unknown>;
  /** True once a first snapshot or read has arrived: until then "no units" would be a guess, not a fact. */
  loaded: Signal<boolean>;
  close(): void;
}

const POLL_MS = 5000;

export function openLiveSite(siteId: string): LiveSite {
  const live: LiveSite = {
    equipment: signal(new Map()),
    alarms: signal(new Map()),
    hub: signal(null),
    link: signal("connecting"),
    error: signal(null),
    loaded: signal(false),
    close,
  };
  let closed = false;
  let socket: WebSocket | null = null;
  let attempt = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pollTimer: ReturnType<typeof setInterval> | undefined;

  const put = <T>(sig: Signal<Map<string, T>>, key: string, value: T) => {
    const next = new Map(sig.value);
    next.set(key, value);
    sig.value = next;
  };

  function apply(msg: LiveMessage): void {
    switch (msg.type) {
      case "snapshot":
        live.hub.value = msg.hub;
        live.equipment.value = new Map(msg.equipment.map((e) => [e.equipmentId, e]));
        live.alarms.value = new Map(msg.alarms.map((a) => [a.alarmId, a]));
        live.loaded.value = true;
        break;
      case "equipment":
        put(live.equipment, msg.data.equipmentId, msg.data);
        break;
      case "alarm":
        put(live.alarms, msg.data.alarmId, msg.data);
        break;
      case "hub":
        live.hub.value = msg.data;
        break;
      case "notification":
        notificationArrived(msg.data);
        break;
      case "device":
        break;
    }
  }

  async function poll(): Promise<void> {
    try {
      const [equipment, alarms] = await Promise.all([api.equipment(siteId), api.alarms(siteId, "all")]);
      if (closed || live.link.value === "live") return;
      live.equipment.value = new Map(equipment.map((e) => [e.equipmentId, e]));
      live.alarms.value = new Map(alarms.map((a) => [a.alarmId, a]));
      live.error.value = null;
      live.loaded.value = true;
    } catch (err) {
      live.error.value = err;
    }
  }

  function startPolling(): void {
    if (pollTimer) return;
    if (live.link.value !== "live") live.link.value = "polling";
    void poll();
    pollTimer = setInterval(poll, POLL_MS);
  }
  function stopPolling(): void {
    clearInterval(pollTimer);
    pollTimer = undefined;
  }

  async function connect(renew = false): Promise<void> {
    if (closed) return;
    try {
      socket = await api.openLive(siteId, { renew });
    } catch (err) {
      live.error.value = err;
      return retry();
    }
    let opened = false;
    socket.onopen = () => {
      opened = true;
      attempt = 0;
      live.link.value = "live";
      live.error.value = null;
      stopPolling();
    };
    socket.onmessage = (e) => {
      try {
        apply(JSON.parse(String(e.data)) as LiveMessage);
      } catch {
        // A message this version does not understand is ignored, not fatal.
      }
    };
    socket.onclose = (e) => {
      socket = null;
      if (closed) return;
      // The view stays "live" through a token renewal: the new socket's snapshot replaces it in full.
      if (afterClose(e.code, opened) === "renew") void connect(true);
      else retry();
    };
  }

  function retry(): void {
    if (closed) return;
    live.link.value = "connecting";
    startPolling();
    retryTimer = setTimeout(() => void connect(), backoffDelay(attempt++, Math.random()));
  }

  function close(): void {
    closed = true;
    clearTimeout(retryTimer);
    stopPolling();
    socket?.close();
  }

  // The first paint comes from REST at once; the socket's snapshot replaces it when it arrives.
  void poll();
  void connect();
  return live;
}
