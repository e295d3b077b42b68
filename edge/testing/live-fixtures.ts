/** Event factories for the live projections: every lifecycle step, minute rollups, device presence. */
import { buildEvent, type EventData, type EventType } from "../../shared/events/index.ts";
import type { LiveMessage } from "../../shared/live/index.ts";
import type { SyncBatch } from "../../shared/sync/index.ts";
import { api, type TestHub } from "./fixtures.ts";

type SyncEvent = SyncBatch["events"][number];

/** A catalogued event from `hub` with the given seq, occurring at `at` (ms). */
export function hubEvent<T extends EventType>(
  hub: TestHub,
  seq: number,
  type: T,
  data: EventData<T>,
  at: number,
): SyncEvent {
  const event = buildEvent({
    type,
    data,
    occurredAt: at,
    source: { siteId: hub.siteId, hubId: hub.hubId, module: "monitoring" },
  });
  return { ...event, seq };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Rollups of consecutive minutes starting at `from` (ms, minute-aligned), one mean per minute. */
export function rolledUp(
  hub: TestHub,
  seq: number,
  input: { equipmentId: string; equipmentName?: string; from: number; means: number[] },
): SyncEvent {
  const minutes = input.means.map((mean, i) => ({
    at: iso(input.from + i * 60_000),
    min: mean - 0.5,
    max: mean + 0.5,
    mean,
    count: 6,
  }));
  const last = input.from + (input.means.length - 1) * 60_000;
  return hubEvent(
    hub,
    seq,
    "equipment.readings.rolled-up",
    { equipmentId: input.equipmentId, equipmentName: input.equipmentName ?? "Dairy fridge", minutes },
    last + 60_000,
  );
}

export function presence(
  hub: TestHub,
  seq: number,
  data: Partial<Omit<EventData<"device.presence.changed">, "changedAt">> & { changedAt: number },
): SyncEvent {
  return hubEvent(
    hub,
    seq,
    "device.presence.changed",
    {
      deviceId: "dev-1",
      kind: "FRIDGE",
      name: "Dairy fridge sensor",
      status: "ONLINE",
      equipmentId: "fridge-1",
      ...data,
      changedAt: iso(data.changedAt),
    },
    data.changedAt,
  );
}

/** A live socket through the real Worker entry; messages are queued so a test can await the one it wants. */
export interface LiveClient {
  status: number;
  protocol: string | null;
  /** Resolves with the first message (already received or still to come) that `match` accepts. */
  next<M extends LiveMessage>(match: (m: LiveMessage) => m is M, timeoutMs?: number): Promise<M>;
  next(match: (m: LiveMessage) => boolean, timeoutMs?: number): Promise<LiveMessage>;
  close(): void;
  /** The messages received and not yet taken by `next`. */
  pending(): LiveMessage[];
  /** Resolves with the close code once the server closes the socket. */
  closed: Promise<number>;
}

export async function openLive(
  siteId: string,
  protocols: string[],
): Promise<Response & { live?: LiveClient }> {
  const res = await api(`/v1/sites/${siteId}/live`, {
    headers: { upgrade: "websocket", "sec-websocket-protocol": protocols.join(", ") },
  });
  const ws = res.webSocket;
  if (!ws) return res;
  ws.accept();
  const received: LiveMessage[] = [];
  const waiters: (() => void)[] = [];
  ws.addEventListener("message", (e) => {
    received.push(JSON.parse(String(e.data)) as LiveMessage);
    for (const w of waiters.splice(0)) w();
  });
  const closed = new Promise<number>((resolve) => ws.addEventListener("close", (e) => resolve(e.code)));
  const live: LiveClient = {
    closed,
    status: res.status,
    protocol: res.headers.get("sec-websocket-protocol"),
    next(match: (m: LiveMessage) => boolean, timeoutMs = 10_000) {
      return new Promise<LiveMessage>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no matching live message in time")), timeoutMs);
        const check = () => {
          const i = received.findIndex(match);
          if (i < 0) return void waiters.push(check);
          clearTimeout(timer);
          resolve(received.splice(i, 1)[0]!);
        };
        check();
      });
    },
    close: () => ws.close(1000, "done"),
    pending: () => [...received],
  } as LiveClient;
  return Object.assign(res, { live });
}
