/**
 * The push-service emulator (development and tests only — not a browser vendor's push service): accepts RFC 8030
 * message deliveries on `/push/<id>`, checks the VAPID JWT (RFC 8292: signature against `k`, audience, expiry)
 * and the aes128gcm coding, and stores the encrypted body; `/push/<id>/messages` lists what it stored.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { Hono } from "hono";
import { base64url } from "../../shared/ids/index.ts";
import { verifyVapid } from "../../shared/web-push/index.ts";

export interface StoredPush {
  /** The encrypted body, base64url, exactly as it arrived. */
  body: string;
  ttl: number;
  urgency: string | null;
  /** The VAPID public key that signed it (a subscription is bound to one application server key). */
  vapidKey: string;
  subject: string;
  receivedAt: number;
}

export interface PushEmulator {
  url: string;
  messages(id: string): readonly StoredPush[];
  /** A subscription the browser dropped: later deliveries are answered 410 Gone (RFC 8030 §7.3). */
  expire(id: string): void;
  close(): Promise<void>;
}

export async function startPushEmulator(opts: { port?: number; host?: string } = {}): Promise<PushEmulator> {
  const stored = new Map<string, StoredPush[]>();
  const gone = new Set<string>();
  let origin = "";
  const app = new Hono()
    .post("/push/:id", async (c) => {
      const id = c.req.param("id");
      if (gone.has(id)) return c.text("subscription expired", 410);
      let signer: { publicKey: string; subject: string };
      try {
        signer = await verifyVapid(c.req.header("authorization") ?? null, origin, Date.now());
      } catch (e) {
        return c.text(`vapid: ${(e as Error).message}`, 401);
      }
      if (c.req.header("content-encoding") !== "aes128gcm")
        return c.text("content-encoding must be aes128gcm", 415);
      const ttl = Number(c.req.header("ttl"));
      if (!Number.isInteger(ttl) || ttl < 0) return c.text("TTL header required", 400);
      const body = new Uint8Array(await c.req.arrayBuffer());
      // RFC 8291 §4: at least the 86-byte header and a 16-byte tag; at most 4096 bytes.
      if (body.length < 103 || body.length > 4096) return c.text("body is not one aes128gcm record", 413);
      const list = stored.get(id) ?? [];
      list.push({
        body: base64url(body),
        ttl,
        urgency: c.req.header("urgency") ?? null,
        vapidKey: signer.publicKey,
        subject: signer.subject,
        receivedAt: Date.now(),
      });
      stored.set(id, list);
      return c.body(null, 201, { location: `${origin}/messages/${id}/${list.length}` });
    })
    .get("/push/:id/messages", (c) => c.json(stored.get(c.req.param("id")) ?? []))
    .post("/push/:id/expire", (c) => {
      gone.add(c.req.param("id"));
      return c.body(null, 204);
    });
  const host = opts.host ?? "127.0.0.1";
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? 0, hostname: host }, () => resolve(s));
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://${host}:${port}`;
  return {
    url: origin,
    messages: (id) => stored.get(id) ?? [],
    expire: (id) => void gone.add(id),
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
