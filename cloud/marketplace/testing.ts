/** Factories for the marketplace's workerd tests: a site with a unit and a location, providers, deliveries. */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { createWorker } from "../../edge/index.ts";
import {
  api,
  jsonInit,
  postBatch,
  signUpUser,
  siteWithHub,
  type TestHub,
  type TestUser,
} from "../../edge/testing/fixtures.ts";
import { hubEvent } from "../../edge/testing/live-fixtures.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { CLOUD_MODULES } from "../modules.ts";

const worker = createWorker(CLOUD_MODULES);

/** Delivers `event` through the Worker's queue handler, as the queue would (a redelivery is the same call again). */
export async function deliver(event: EventEnvelope): Promise<void> {
  const batch = createMessageBatch("outpost-events", [
    { id: uuidv7(), timestamp: new Date(), attempts: 1, body: event },
  ]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  expect((await getQueueResult(batch, ctx)).retryMessages).toEqual([]);
}

export async function call<T = Record<string, unknown>>(
  user: TestUser,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await api(
    path,
    body === undefined
      ? { method, headers: { authorization: `Bearer ${user.token}` } }
      : jsonInit(method, body, user.token),
  );
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export interface ServiceSite {
  owner: TestUser;
  siteId: string;
  hub: TestHub;
  equipmentId: string;
}

/** A site with a claimed hub, one configured fridge, and its service location set by the OWNER. */
export async function serviceSite(
  at: { lat: number; lon: number },
  autoRequests = true,
): Promise<ServiceSite> {
  const { owner, siteId, hub } = await siteWithHub();
  const now = Date.now();
  const configured = hubEvent(
    hub,
    1,
    "equipment.configured",
    {
      equipmentId: "fridge-1",
      equipmentName: "Dairy fridge",
      type: "FRIDGE",
      setTemperature: 4,
      optimalMin: 2,
      optimalMax: 8,
      location: null,
      configuredAt: new Date(now).toISOString(),
    },
    now,
  );
  const posted = await postBatch(hub, [configured]);
  if (posted.status !== 200) throw new Error(`sync failed: ${posted.status} ${await posted.text()}`);
  const set = await call(owner, "PUT", `/v1/marketplace/sites/${siteId}`, {
    latitude: at.lat,
    longitude: at.lon,
    autoRequests,
  });
  if (set.status !== 200) throw new Error(`site location failed: ${set.status} ${JSON.stringify(set.body)}`);
  return { owner, siteId, hub, equipmentId: "fridge-1" };
}

export interface TestProvider {
  admin: TestUser;
  id: string;
}

export async function provider(
  at: { lat: number; lon: number },
  options: { name?: string; radiusKm?: number; serviceTypes?: string[] } = {},
): Promise<TestProvider> {
  const admin = await signUpUser("provider");
  const res = await call<{ id: string }>(admin, "POST", "/v1/marketplace/providers", {
    name: options.name ?? `Cold Fix ${uuidv7().slice(-6)}`,
    serviceTypes: options.serviceTypes ?? ["REFRIGERATION"],
    latitude: at.lat,
    longitude: at.lon,
    radiusKm: options.radiusKm ?? 30,
  });
  if (res.status !== 201)
    throw new Error(`provider sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { admin, id: res.body.id };
}

export async function openRequest(site: ServiceSite, title = "Dairy fridge runs warm"): Promise<string> {
  const res = await call<{ id: string }>(site.owner, "POST", "/v1/marketplace/requests", {
    siteId: site.siteId,
    equipmentId: site.equipmentId,
    serviceType: "REFRIGERATION",
    title,
    description: "Shows 9 °C in the afternoon",
    priority: "HIGH",
    preferredSlots: [{ start: "2026-06-02T08:00:00.000Z", end: "2026-06-02T12:00:00.000Z" }],
  });
  if (res.status !== 201) throw new Error(`request failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

export async function bid(p: TestProvider, requestId: string, amount = 12_000): Promise<string> {
  const res = await call<{ id: string }>(p.admin, "POST", `/v1/marketplace/requests/${requestId}/bids`, {
    providerId: p.id,
    amount,
    message: "Can come tomorrow morning",
    earliestAt: "2026-06-02T08:00:00.000Z",
  });
  if (res.status !== 201) throw new Error(`bid failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** A point on the equator at a random longitude, so each test's providers are out of every other test's reach. */
export function somewhere(): { lat: number; lon: number } {
  const [a, b] = crypto.getRandomValues(new Uint16Array(2));
  return { lat: 0, lon: Math.round(((a! * 65536 + b!) / 2 ** 32) * 340_000 - 170_000) / 1000 };
}

export const sqlCount = async (db: D1Database, query: string, ...args: unknown[]) =>
  (
    await db
      .prepare(query)
      .bind(...args)
      .first<{ n: number }>()
  )?.n ?? -1;
