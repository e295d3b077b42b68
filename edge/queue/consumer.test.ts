import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import type { BoundConsumer } from "../../cloud/module/registry.ts";
import { sampleAlarmRaised } from "../../shared/events/testing.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { buildDeps } from "../deps.ts";
import worker from "../index.ts";
import {
  alarmRaised,
  api,
  authed,
  createSite,
  postBatch,
  signUpUser,
  siteWithHub,
} from "../testing/fixtures.ts";
import { type ConsumerDeps, consumeEvents, MAX_ATTEMPTS, type QueueMessage } from "./consumer.ts";
import type { DeadLetter } from "./dead-letters.ts";
import { consumersFor, matchesPattern } from "./routes.ts";

/** A queue message that records what the consumer decided. */
class RecordedMessage implements QueueMessage {
  readonly id = uuidv7();
  readonly body: unknown;
  readonly attempts: number;
  acked = false;
  retried: { delaySeconds?: number } | undefined;
  constructor(body: unknown, attempts = 1) {
    this.body = body;
    this.attempts = attempts;
  }
  ack() {
    this.acked = true;
  }
  retry(options: { delaySeconds?: number } = {}) {
    this.retried = options;
  }
}

async function notificationsOf(token: string): Promise<{ title: string; kind: string }[]> {
  const res = await api("/v1/notifications", authed(token));
  return ((await res.json()) as { notifications: { title: string; kind: string }[] }).notifications;
}

function depsWith(
  consumers: readonly BoundConsumer[],
  letters: DeadLetter[],
  failLetters = false,
): ConsumerDeps {
  return {
    consumers,
    now: () => Date.UTC(2026, 0, 1),
    deadLetters: {
      send: async (letter) => {
        if (failLetters) throw new Error("dead-letter queue unavailable");
        letters.push(letter);
      },
    },
  };
}

describe("queue consumer (worker entry, real D1)", () => {
  it("applies an event delivered twice once and acks both deliveries", async () => {
    const owner = await signUpUser();
    const event = sampleAlarmRaised(await createSite(owner));
    const batch = createMessageBatch("outpost-events", [
      { id: "m-1", timestamp: Date.now(), attempts: 1, body: event },
      { id: "m-2", timestamp: Date.now(), attempts: 1, body: event },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);

    expect(result.explicitAcks.sort()).toEqual(["m-1", "m-2"]);
    expect(result.retryMessages).toEqual([]);
    expect(await notificationsOf(owner.token)).toEqual([
      expect.objectContaining({
        kind: "equipment.alarm.raised",
        title: "Dairy fridge: high temperature alarm",
      }),
    ]);
  });

  it("acks an invalid message (parked in the dead-letter queue) instead of retrying it", async () => {
    const batch = createMessageBatch("outpost-events", [
      {
        id: "bad-1",
        timestamp: Date.now(),
        attempts: 1,
        body: { type: "equipment.alarm.raised", hello: "world" },
      },
    ]);
    const ctx = createExecutionContext();
    await worker.queue(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.explicitAcks).toEqual(["bad-1"]);
    expect(result.retryMessages).toEqual([]);
  });
});

describe("queue consumer (dispatch rules)", () => {
  it("sends invalid messages to the dead letters with the reason, and acks them", async () => {
    const letters: DeadLetter[] = [];
    const unknown = new RecordedMessage({ ...sampleAlarmRaised("s1"), type: "equipment.door.opened" });
    const malformed = new RecordedMessage("not an event");
    await consumeEvents({ queue: "outpost-events", messages: [unknown, malformed] }, depsWith([], letters));

    expect(unknown.acked && malformed.acked).toBe(true);
    expect(letters).toEqual([
      expect.objectContaining({ reason: "unknown event type equipment.door.opened", messageId: unknown.id }),
      expect.objectContaining({
        reason: "invalid event envelope",
        body: "not an event",
        queue: "outpost-events",
      }),
    ]);
  });

  it("retries with backoff when a consumer fails, and keeps going with the next message", async () => {
    const calls: string[] = [];
    const flaky: BoundConsumer = {
      module: "test",
      name: "test.flaky",
      patterns: ["equipment.alarm.*"],
      handle: async (event) => {
        calls.push(event.id);
        if (calls.length === 1) throw new Error("database busy");
      },
    };
    const first = new RecordedMessage(sampleAlarmRaised("s1"), 3);
    const second = new RecordedMessage(sampleAlarmRaised("s1"));
    await consumeEvents({ queue: "outpost-events", messages: [first, second] }, depsWith([flaky], []));
    expect(first.acked).toBe(false);
    expect(first.retried).toEqual({ delaySeconds: 8 });
    expect(second.acked).toBe(true);
  });

  it("dead-letters a consumer that still fails at the last attempt, naming its module, and acks", async () => {
    const letters: DeadLetter[] = [];
    const ran: string[] = [];
    const failing: BoundConsumer = {
      module: "broken",
      name: "broken.always",
      patterns: ["equipment.#"],
      handle: async () => {
        throw new Error("no luck");
      },
    };
    const fine: BoundConsumer = {
      module: "fine",
      name: "fine.counts",
      patterns: ["#"],
      handle: async (event) => {
        ran.push(event.id);
      },
    };
    const message = new RecordedMessage(sampleAlarmRaised("s1"), MAX_ATTEMPTS);
    await consumeEvents({ queue: "outpost-events", messages: [message] }, depsWith([failing, fine], letters));
    expect(message.acked).toBe(true);
    expect(ran).toHaveLength(1);
    expect(letters).toEqual([
      expect.objectContaining({
        module: "broken",
        consumer: "broken.always",
        reason: expect.stringContaining("no luck"),
      }),
    ]);
  });

  it("retries an invalid message when the dead-letter queue itself fails (never drops it)", async () => {
    const message = new RecordedMessage({ nope: true });
    await consumeEvents({ queue: "outpost-events", messages: [message] }, depsWith([], [], true));
    expect(message.acked).toBe(false);
    expect(message.retried).toBeDefined();
  });

  it("acks valid events that no route wants", async () => {
    const message = new RecordedMessage(sampleAlarmRaised("s1"));
    await consumeEvents({ queue: "outpost-events", messages: [message] }, depsWith([], []));
    expect(message.acked).toBe(true);
  });

  it("routes by dotted pattern: * is one segment, # any number", () => {
    expect(matchesPattern("equipment.alarm.*", "equipment.alarm.raised")).toBe(true);
    expect(matchesPattern("equipment.alarm.*", "equipment.alarm")).toBe(false);
    expect(matchesPattern("equipment.*.raised", "equipment.alarm.raised")).toBe(true);
    expect(matchesPattern("order.paid", "order.paid.late")).toBe(false);
    expect(matchesPattern("equipment.#", "equipment.readings.rolled-up")).toBe(true);
    expect(matchesPattern("equipment.#", "equipment")).toBe(true);
    expect(matchesPattern("#.raised", "equipment.alarm.raised")).toBe(true);
    expect(matchesPattern("#", "payment.succeeded")).toBe(true);
    expect(matchesPattern("equipment.#.raised", "equipment.raised")).toBe(true);
    expect(matchesPattern("equipment.#.raised", "equipment.alarm.cleared")).toBe(false);
    const consumers = buildDeps(env).modules.consumers();
    expect(consumersFor("equipment.alarm.cleared", consumers).map((c) => c.name)).toEqual([
      "notifications.deliver",
      "analytics.food-safety",
    ]);
    // Notifications reads every event: the describer its module declares decides.
    expect(consumersFor("dispenser.qr.redeemed", consumers).map((c) => c.name)).toEqual([
      "notifications.deliver",
    ]);
  });
});

describe("event bus end to end", () => {
  it("turns a synced alarm into a notification through the real queue", async () => {
    const { owner, hub } = await siteWithHub();
    await postBatch(hub, [alarmRaised(hub, 1, { equipmentName: "Ice cream freezer" })]);
    // The queue delivers in the background: wait for the notification itself, not for a time.
    const found = await vi.waitFor(
      async () => {
        const list = await notificationsOf(owner.token);
        expect(list.length).toBeGreaterThan(0);
        return list;
      },
      { timeout: 30_000, interval: 50 },
    );
    expect(found).toEqual([expect.objectContaining({ title: "Ice cream freezer: high temperature alarm" })]);
  });
});
