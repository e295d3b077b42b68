/** Small factories for workerd tests: each call makes fresh users, sites and hubs with unique ids. */
import { env, exports } from "cloudflare:workers";
import { exportJWK, generateKeyPair, type JWK } from "jose";
import { encodeCbor } from "../../shared/cbor/index.ts";
import { type AlarmClearedData, type AlarmRaisedData, buildEvent } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { type SyncBatch, signHubToken } from "../../shared/sync/index.ts";

const ORIGIN = "https://outpost.test";

/**
 * A request through the real Worker entry (fetch handler, middleware, bindings). Each call comes from its own
 * random client IP unless the test names one, so per-IP rate limits only bite where a test means them to.
 */
export function api(path: string, init?: RequestInit): Promise<Response> {
  const request = new Request(`${ORIGIN}${path}`, init);
  if (!request.headers.has("cf-connecting-ip")) request.headers.set("cf-connecting-ip", randomIp());
  return exports.default.fetch(request);
}

function randomIp(): string {
  const [a, b, c] = crypto.getRandomValues(new Uint8Array(3));
  return `10.${a}.${b}.${c}`;
}

/** Every alarm the site's ledger holds (open and cleared), read straight from its Durable Object. */
export function ledgerAlarms(siteId: string) {
  return env.SITE_LEDGER.get(env.SITE_LEDGER.idFromName(siteId)).alarms("all");
}

export function jsonInit(method: string, body: unknown, token?: string): RequestInit {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  return { method, headers, body: JSON.stringify(body) };
}

export function authed(token: string, init: RequestInit = {}): RequestInit {
  return {
    ...init,
    headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token}` },
  };
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  token: string;
  refreshToken: string;
}

/** The newest captured mail to `email` (the notifications outbox, as the development mail page shows it). */
export async function latestMail(
  email: string,
): Promise<{ subject: string; body: string; template: string }> {
  const row = await env.NOTIFICATIONS_DB.prepare(
    "SELECT subject, body, template FROM email_outbox WHERE recipient = ? ORDER BY created_at DESC, id DESC LIMIT 1",
  )
    .bind(email)
    .first<{ subject: string; body: string; template: string }>();
  if (!row) throw new Error(`no mail to ${email}`);
  return row;
}

/** The `#token=` of the link in a mail. */
export function linkToken(body: string): string {
  const match = /#token=([^\s]+)/.exec(body);
  if (!match) throw new Error("no link in the mail");
  return decodeURIComponent(match[1]!);
}

/** A fresh account holding `role` (default owner), its email verified unless `verified: false`. */
export async function signUpUser(
  role: "owner" | "provider" | "crew" = "owner",
  options: { verified?: boolean } = {},
): Promise<TestUser> {
  const email = `user-${uuidv7()}@example.test`;
  const password = "correct horse battery";
  const res = await api("/v1/accounts/sign-up", jsonInit("POST", { email, password, role }));
  if (res.status !== 202) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  if (options.verified !== false) {
    const token = linkToken((await latestMail(email)).body);
    const verified = await api("/v1/accounts/verify-email", jsonInit("POST", { token }));
    if (verified.status !== 204)
      throw new Error(`verify failed: ${verified.status} ${await verified.text()}`);
  }
  const signIn = await api("/v1/accounts/sign-in", jsonInit("POST", { email, password }));
  if (signIn.status !== 200) throw new Error(`sign-in failed: ${signIn.status} ${await signIn.text()}`);
  const body = (await signIn.json()) as { user: { id: string }; accessToken: string; refreshToken: string };
  return { id: body.user.id, email, password, token: body.accessToken, refreshToken: body.refreshToken };
}

export async function createSite(owner: TestUser, name = "Corner shop"): Promise<string> {
  const res = await api("/v1/sites", jsonInit("POST", { name }, owner.token));
  if (res.status !== 201) throw new Error(`create site failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

export interface TestHub {
  hubId: string;
  siteId: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function newHubKeys(): Promise<{ privateJwk: JWK; publicJwk: JWK }> {
  const pair = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
  return { privateJwk: await exportJWK(pair.privateKey), publicJwk: await exportJWK(pair.publicKey) };
}

export async function claimCode(owner: TestUser, siteId: string): Promise<string> {
  const res = await api(`/v1/sites/${siteId}/claim-codes`, { method: "POST", ...authed(owner.token) });
  if (res.status !== 201) throw new Error(`claim code failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { code: string }).code;
}

/** A hub claimed to `siteId` with a fresh Ed25519 key pair. */
export async function claimHub(owner: TestUser, siteId: string): Promise<TestHub> {
  const keys = await newHubKeys();
  const code = await claimCode(owner, siteId);
  const res = await api(
    "/v1/hubs/claim",
    jsonInit("POST", { code, publicKey: keys.publicJwk, name: "Back room" }),
  );
  if (res.status !== 201) throw new Error(`claim failed: ${res.status} ${await res.text()}`);
  return { ...((await res.json()) as { hubId: string; siteId: string }), ...keys };
}

/** Owner, site and claimed hub in one go. */
export async function siteWithHub(): Promise<{ owner: TestUser; siteId: string; hub: TestHub }> {
  const owner = await signUpUser();
  const siteId = await createSite(owner);
  return { owner, siteId, hub: await claimHub(owner, siteId) };
}

type SyncEvent = SyncBatch["events"][number];

export function alarmRaised(hub: TestHub, seq: number, data: Partial<AlarmRaisedData> = {}): SyncEvent {
  const at = Date.UTC(2026, 5, 1, 12, 0, seq);
  const event = buildEvent({
    type: "equipment.alarm.raised",
    source: { siteId: hub.siteId, hubId: hub.hubId, module: "monitoring" },
    occurredAt: at,
    data: {
      alarmId: `alarm-${uuidv7()}`,
      equipmentId: "fridge-1",
      equipmentName: "Dairy fridge",
      kind: "HIGH_TEMPERATURE",
      temperature: 9.5,
      limit: 8,
      raisedAt: new Date(at).toISOString(),
      ...data,
    },
  });
  return { ...event, seq };
}

export function alarmCleared(hub: TestHub, seq: number, data: Partial<AlarmClearedData> = {}): SyncEvent {
  const at = Date.UTC(2026, 5, 1, 12, 0, seq);
  const event = buildEvent({
    type: "equipment.alarm.cleared",
    source: { siteId: hub.siteId, hubId: hub.hubId, module: "monitoring" },
    occurredAt: at,
    data: {
      alarmId: `alarm-${uuidv7()}`,
      equipmentId: "fridge-1",
      kind: "HIGH_TEMPERATURE",
      temperature: 6.5,
      peak: 10.5,
      clearedAt: new Date(at).toISOString(),
      ...data,
    },
  });
  return { ...event, seq };
}

export interface PostOptions {
  /** Signs with this key instead of the hub's own. */
  signingJwk?: JWK;
  token?: string;
  siteId?: string;
  body?: BodyInit;
  headers?: Record<string, string>;
  lane?: "priority" | "bulk";
}

/** Posts a CBOR sync batch as the hub would; options forge the parts a test wants to break. */
export async function postBatch(
  hub: TestHub,
  events: unknown[],
  options: PostOptions = {},
): Promise<Response> {
  const token =
    options.token ??
    (await signHubToken(
      options.signingJwk ?? hub.privateJwk,
      { hubId: hub.hubId, siteId: hub.siteId },
      Date.now(),
    ));
  const body =
    options.body ??
    encodeCbor({
      hubId: hub.hubId,
      siteId: options.siteId ?? hub.siteId,
      ...(options.lane ? { lane: options.lane } : {}),
      events,
    });
  return api(`/v1/hubs/${hub.hubId}/events`, {
    method: "POST",
    headers: { "content-type": "application/cbor", authorization: `Bearer ${token}`, ...options.headers },
    body: body as BodyInit,
  });
}
