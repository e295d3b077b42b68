/**
 * The console's live socket on the hub's own HTTP server: `GET /api/live` upgraded for signed-in sessions,
 * pushing each change the feed reports (coalesced), and closing a socket whose session has ended.
 */

import type { EventEmitter } from "node:events";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { Hono } from "hono";
import { type WebSocket, WebSocketServer } from "ws";
import type { Clock } from "../../shared/clock/index.ts";
import type { HubDb } from "../db/index.ts";
import type { Logger } from "../ingest/index.ts";
import { ScreenChanges } from "./changes.ts";
import { LiveFeed } from "./feed.ts";
import { LIVE_CLOSE, LIVE_PATH } from "./messages.ts";
import { type Credentials, credentialsOf, whoIs } from "./sessions.ts";

export interface LiveDeps {
  /** The hub's HTTP server (an http.Server; typed by the events it emits, as serve() answers a union). */
  server: Pick<EventEmitter, "on" | "off">;
  /** The hub's API: its guard decides who may subscribe. */
  api: Pick<Hono, "request">;
  db: HubDb;
  log: Logger;
  clock: Clock;
  /** How often open sockets are asked again (session expiry, removal) and the screens looked at anyway. */
  recheckMs?: number;
}

export interface Live {
  /** Where writers publish. */
  feed: LiveFeed;
  /** Open sockets (for tests and the health line). */
  readonly subscribers: number;
  close(): Promise<void>;
}

// A screen need not redraw faster than this, and a burst of commits costs one look.
const FRAME_MS = 100;
const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export function startLive(deps: LiveDeps): Live {
  const feed = new LiveFeed();
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  const sockets = new Map<WebSocket, Credentials>();
  const changes = new ScreenChanges();
  let scheduled = false;
  let running = false;
  let again = false;
  let frame: ReturnType<typeof setTimeout> | undefined;

  function changed(): void {
    if (sockets.size === 0 || scheduled) return;
    if (running) {
      again = true;
      return;
    }
    scheduled = true;
    frame = setTimeout(look, FRAME_MS);
  }

  async function look(): Promise<void> {
    scheduled = false;
    running = true;
    try {
      const messages = await changes.since(deps.db);
      for (const m of messages) {
        const text = JSON.stringify(m);
        for (const ws of sockets.keys()) ws.send(text);
      }
    } catch (err) {
      deps.log.warn("live update failed", { error: String(err) });
    } finally {
      running = false;
      if (again) {
        again = false;
        changed();
      }
    }
  }

  async function recheck(): Promise<void> {
    await Promise.all(
      [...sockets].map(async ([ws, credentials]) => {
        const { status } = await whoIs(deps.api, credentials).catch(() => ({ status: 0 }));
        // Only a refusal ends a socket; a failure to ask is not the person's doing.
        if (status === 401 || status === 403) ws.close(LIVE_CLOSE.signedOut, "signed out");
      }),
    );
  }

  async function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on("error", () => socket.destroy());
    const path = new URL(req.url ?? "/", "http://hub").pathname;
    if (path !== LIVE_PATH) return refuse(socket, 404);
    const credentials = credentialsOf(req);
    const { status } = await whoIs(deps.api, credentials).catch(() => ({ status: 500 }));
    if (status !== 200) return refuse(socket, status);
    wss.handleUpgrade(req, socket, head, (ws) => {
      // The first subscriber after none: the last look is stale, so the next one reports everything.
      if (sockets.size === 0) changes.reset();
      sockets.set(ws, credentials);
      ws.on("close", () => sockets.delete(ws));
      ws.on("error", () => ws.terminate());
      changed();
    });
  }

  // A write through the API (acknowledge, close, pair, edit) is seen when its answer has gone; a
  // sign-out ends the sockets of the session it ended.
  function request(req: IncomingMessage, res: { once(e: "finish", l: () => void): unknown }): void {
    if (!UNSAFE.has(req.method ?? "")) return;
    res.once("finish", () => {
      changed();
      if (req.url?.startsWith("/api/auth/sign-out")) void recheck();
    });
  }

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => void upgrade(req, socket, head);
  deps.server.on("upgrade", onUpgrade);
  deps.server.on("request", request);
  const unsubscribe = feed.subscribe(changed);
  // Sessions expire on the hub's clock, so their re-check runs on it too.
  const timer = deps.clock.every(deps.recheckMs ?? 10_000, () => {
    void recheck();
    changed();
  });

  return {
    feed,
    get subscribers() {
      return sockets.size;
    },
    async close() {
      timer.cancel();
      clearTimeout(frame);
      unsubscribe();
      deps.server.off("upgrade", onUpgrade);
      deps.server.off("request", request);
      for (const ws of sockets.keys()) ws.close(LIVE_CLOSE.shuttingDown, "hub stopping");
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}

const REASONS: Record<number, string> = { 401: "Unauthorized", 403: "Forbidden", 404: "Not Found" };

function refuse(socket: Duplex, status: number): void {
  const code = REASONS[status] ? status : 500;
  socket.end(
    `HTTP/1.1 ${code} ${REASONS[code] ?? "Internal Server Error"}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
  );
}
