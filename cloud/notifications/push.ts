/**
 * Web push: a person's subscriptions (one per device), the VAPID key (the secret, or one generated and kept
 * in this module's database outside production) and sending one notification to every device (RFC 8030).
 */
import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Clock } from "../../shared/clock/index.ts";
import { AppError } from "../../shared/errors/index.ts";
import {
  encryptPush,
  generateVapidJwk,
  type VapidKeys,
  vapidAuthorization,
  vapidPublicKey,
} from "../../shared/web-push/index.ts";
import type { Config } from "../config/index.ts";
import type { NotificationsDb } from "./inbox.ts";
import * as schema from "./schema.ts";

export interface PushDeps {
  db: NotificationsDb;
  clock: Clock;
  vapid: Config["vapid"];
  /** Plain http endpoints are for the push-service emulator (development and tests) only. */
  allowHttp: boolean;
  fetch?: typeof fetch;
}

const base64urlKey = z.string().regex(/^[A-Za-z0-9_-]+$/);
export const subscriptionInput = z.object({
  endpoint: z.url().max(1000),
  keys: z.object({ p256dh: base64urlKey.length(87), auth: base64urlKey.min(16).max(32) }),
  /** How the person will recognise the device ("Firefox on Linux"). */
  device: z.string().trim().min(1).max(80),
});
export type SubscriptionInput = z.infer<typeof subscriptionInput>;

const cache = new WeakMap<object, Promise<VapidKeys | null>>();

/** The VAPID keys push is signed with; null where push is not offered (production without the secret). */
export function vapidKeys(deps: PushDeps): Promise<VapidKeys | null> {
  let keys = cache.get(deps);
  if (!keys) {
    keys = loadVapid(deps);
    cache.set(deps, keys);
    keys.catch(() => cache.delete(deps));
  }
  return keys;
}

async function loadVapid(deps: PushDeps): Promise<VapidKeys | null> {
  const { privateJwk, subject, generate } = deps.vapid;
  if (privateJwk) return { privateJwk, publicKey: vapidPublicKey(privateJwk), subject };
  if (!generate) return null;
  // Whichever isolate writes first wins; every isolate then signs with that one key.
  await deps.db
    .insert(schema.vapidKeys)
    .values({
      id: "current",
      privateJwk: JSON.stringify(await generateVapidJwk()),
      createdAt: deps.clock.now(),
    })
    .onConflictDoNothing();
  const row = await deps.db.select().from(schema.vapidKeys).where(eq(schema.vapidKeys.id, "current")).get();
  const jwk = JSON.parse(row!.privateJwk);
  return { privateJwk: jwk, publicKey: vapidPublicKey(jwk), subject };
}

/** Subscribes (or re-subscribes) one device; an endpoint belongs to one person, the latest to subscribe it. */
export async function subscribePush(deps: PushDeps, userId: string, input: SubscriptionInput): Promise<void> {
  if (!(await vapidKeys(deps))) throw new AppError("SERVICE_UNAVAILABLE", "web push is not configured");
  if (new URL(input.endpoint).protocol !== "https:" && !deps.allowHttp)
    throw new AppError("VALIDATION_ERROR", "a push endpoint must be https");
  const row = { userId, p256dh: input.keys.p256dh, auth: input.keys.auth, device: input.device };
  await deps.db
    .insert(schema.pushSubscriptions)
    .values({ endpoint: input.endpoint, ...row, createdAt: deps.clock.now() })
    .onConflictDoUpdate({ target: schema.pushSubscriptions.endpoint, set: row });
}

/** Removes one of the person's devices; another person's endpoint changes nothing. */
export async function unsubscribePush(
  deps: PushDeps,
  userId: string,
  endpoint: string,
): Promise<{ removed: boolean }> {
  const gone = await deps.db
    .delete(schema.pushSubscriptions)
    .where(and(eq(schema.pushSubscriptions.endpoint, endpoint), eq(schema.pushSubscriptions.userId, userId)))
    .returning({ endpoint: schema.pushSubscriptions.endpoint });
  return { removed: gone.length > 0 };
}

export async function listPushDevices(deps: PushDeps, userId: string) {
  const rows = await deps.db
    .select()
    .from(schema.pushSubscriptions)
    .where(eq(schema.pushSubscriptions.userId, userId));
  return rows.map((r) => ({
    endpoint: r.endpoint,
    device: r.device,
    createdAt: new Date(r.createdAt).toISOString(),
  }));
}

/** Of `userIds`, those with at least one device subscribed. */
export async function withPushDevices(db: NotificationsDb, userIds: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < userIds.length; i += 90) {
    const rows = await db
      .selectDistinct({ userId: schema.pushSubscriptions.userId })
      .from(schema.pushSubscriptions)
      .where(inArray(schema.pushSubscriptions.userId, userIds.slice(i, i + 90)));
    for (const r of rows) out.add(r.userId);
  }
  return out;
}

export interface PushMessage {
  id: string;
  title: string;
  body: string;
  /** The owner-app path the service worker opens on a click. */
  link: string | null;
  critical: boolean;
}

/** Sends one message to each of the person's devices; a device the push service calls gone is forgotten. */
export async function sendPush(deps: PushDeps, userId: string, message: PushMessage): Promise<number> {
  const keys = await vapidKeys(deps);
  if (!keys) return 0;
  const devices = await deps.db
    .select()
    .from(schema.pushSubscriptions)
    .where(eq(schema.pushSubscriptions.userId, userId));
  const plaintext = new TextEncoder().encode(JSON.stringify(message));
  let sent = 0;
  for (const d of devices) {
    const res = await (deps.fetch ?? fetch)(d.endpoint, {
      method: "POST",
      headers: {
        // The push service checks the token's expiry against its own real clock, not the domain's.
        authorization: await vapidAuthorization(keys, d.endpoint, Date.now()),
        "content-encoding": "aes128gcm",
        "content-type": "application/octet-stream",
        // RFC 8030 §5.2–5.3: an alarm is worth waking a phone for and keeping a day.
        ttl: String(message.critical ? 86_400 : 4 * 3600),
        urgency: message.critical ? "high" : "normal",
      },
      body: await encryptPush(d, plaintext),
    }).catch(() => null);
    if (res?.ok) sent++;
    // RFC 8030 §7.3: the subscription no longer exists.
    else if (res && (res.status === 404 || res.status === 410))
      await deps.db.delete(schema.pushSubscriptions).where(eq(schema.pushSubscriptions.endpoint, d.endpoint));
    await res?.body?.cancel();
  }
  return sent;
}
