/**
 * The module seam under workerd (STYLE 17): a throwaway module declared by its manifest alone is served (its
 * database, route and consumer), and a consumer that throws on every delivery costs the others nothing.
 */
import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CLOUD_MODULES } from "../cloud/modules.ts";
import { sampleAlarmRaised } from "../shared/events/testing.ts";
import { uuidv7 } from "../shared/ids/index.ts";
import { buildDeps } from "./deps.ts";
import { createWorker } from "./index.ts";
import { consumeEvents, type DeadLetter, MAX_ATTEMPTS, type QueueMessage } from "./queue/index.ts";
import { authed, jsonInit, signUpUser } from "./testing/fixtures.ts";
import { TEST_ONLY_MODULES } from "./testing/modules.ts";

type IncomingRequest = Request<unknown, IncomingRequestCfProperties>;

const MODULES = [...CLOUD_MODULES, ...TEST_ONLY_MODULES];
const worker = createWorker(MODULES);

async function call(path: string, init?: RequestInit): Promise<Response> {
  const ctx = createExecutionContext();
  const request = new Request(`https://outpost.test${path}`, init) as IncomingRequest;
  request.headers.set("cf-connecting-ip", "10.9.9.9");
  return worker.fetch(request, env, ctx);
}

const count = async (db: D1Database, sql: string, ...args: unknown[]) =>
  (
    await db
      .prepare(sql)
      .bind(...args)
      .first<{ n: number }>()
  )?.n ?? -1;

/** The throwaway module's effect and notifications' record of the event, each exactly once. */
async function expectAppliedOnce(eventId: string): Promise<void> {
  expect(
    await count(env.THROWAWAY_DB, "SELECT count(*) AS n FROM sightings WHERE event_id = ?", eventId),
  ).toBe(1);
  expect(
    await count(
      env.NOTIFICATIONS_DB,
      "SELECT count(*) AS n FROM processed_events WHERE event_id = ?",
      eventId,
    ),
  ).toBe(1);
}

describe("a module declared by its manifest alone (workerd)", () => {
  it("serves its route behind the edge's sign-in, over its own database", async () => {
    const user = await signUpUser();
    expect((await call("/v1/throwaway/sightings")).status).toBe(401);
    const res = await call("/v1/throwaway/sightings", authed(user.token));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sightings: [] });
    // The default Worker, without the module, does not serve it.
    expect(
      (
        await createWorker(CLOUD_MODULES).fetch(
          new Request("https://outpost.test/v1/throwaway/sightings", authed(user.token)) as IncomingRequest,
          env,
          createExecutionContext(),
        )
      ).status,
    ).toBe(404);
    // A bad event is refused in the error shape and publishes nothing.
    const bad = await call(
      "/v1/throwaway/events",
      jsonInit("POST", { type: "equipment.alarm.raised" }, user.token),
    );
    expect(bad.status).toBe(400);
  });

  it("runs its consumer through the Worker's queue handler, once however often the event comes", async () => {
    const event = sampleAlarmRaised(`site-${uuidv7()}`);
    for (const id of ["a", "b"]) {
      const batch = createMessageBatch("outpost-events", [
        { id, timestamp: new Date(), attempts: 1, body: event },
      ]);
      const ctx = createExecutionContext();
      await worker.queue(batch, env, ctx);
      // `broken` throws, so the message is retried; the consumers that succeeded are not run again.
      expect((await getQueueResult(batch, ctx)).retryMessages.map((m) => m.msgId)).toEqual([id]);
    }
    await expectAppliedOnce(event.id);
  });
});

class Delivery implements QueueMessage {
  readonly id = uuidv7();
  acked = false;
  retried = false;
  readonly body: unknown;
  readonly attempts: number;
  constructor(body: unknown, attempts: number) {
    this.body = body;
    this.attempts = attempts;
  }
  ack() {
    this.acked = true;
  }
  retry() {
    this.retried = true;
  }
}

describe("a consumer that throws on every delivery (workerd)", () => {
  it("leaves the others' effects applied once and is dead-lettered alone, by module and reason", async () => {
    const deps = buildDeps(env, { modules: MODULES });
    const letters: DeadLetter[] = [];
    const consumer = {
      consumers: deps.modules.consumers(),
      deadLetters: { send: async (l: DeadLetter) => void letters.push(l) },
      now: () => deps.clock.now(),
    };
    const event = sampleAlarmRaised(`site-${uuidv7()}`);
    const deliveries: Delivery[] = [];
    for (let attempts = 1; attempts <= MAX_ATTEMPTS; attempts++) {
      const delivery = new Delivery(event, attempts);
      deliveries.push(delivery);
      await consumeEvents({ queue: "outpost-events", messages: [delivery] }, consumer);
    }
    expect(deliveries.map((d) => d.retried)).toEqual([...Array(MAX_ATTEMPTS - 1).fill(true), false]);
    expect(deliveries.at(-1)?.acked).toBe(true);
    expect(letters).toEqual([
      expect.objectContaining({
        module: "broken",
        consumer: "broken.always",
        attempts: MAX_ATTEMPTS,
        reason: expect.stringContaining("broken on purpose"),
      }),
    ]);
    await expectAppliedOnce(event.id);
  });
});
