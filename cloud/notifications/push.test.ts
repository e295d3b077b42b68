/**
 * Web push through the push-service emulator: the Worker signs (VAPID) and encrypts (RFC 8291) each message,
 * the emulator checks the JWT and stores the body, and the test decrypts it with the subscription's private key.
 */
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { buildDeps } from "../../edge/deps.ts";
import { api, authed, jsonInit, signUpUser, type TestUser } from "../../edge/testing/fixtures.ts";
import { ManualClock } from "../../shared/clock/manual.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import { sampleEvent } from "../../shared/events/testing.ts";
import { uuidv7 } from "../../shared/ids/index.ts";
import { decryptPush, newPushReceiver } from "../../shared/web-push/index.ts";

// 21:30 UTC on 1 June is 23:30 in Stockholm: inside quiet hours 22:00–07:00.
const clock = new ManualClock(Date.UTC(2026, 5, 1, 21, 30));
const deps = buildDeps(env, { clock });
const deliver = deps.modules.consumers().find((c) => c.name === "notifications.deliver")!;
const at = () => new Date(clock.now()).toISOString();

type Device = Awaited<ReturnType<typeof newPushReceiver>> & { id: string; endpoint: string };
let owner: TestUser;
let siteId: string;
let phone: Device;

async function device(): Promise<Device> {
  const id = uuidv7();
  return { ...(await newPushReceiver()), id, endpoint: `${env.PUSH_SERVICE_BASE}/push/${id}` };
}

async function subscribe(user: TestUser, d: Device, name = "Phone") {
  const body = { endpoint: d.endpoint, keys: { p256dh: d.p256dh, auth: d.auth }, device: name };
  return api("/v1/notifications/push/subscriptions", jsonInit("POST", body, user.token));
}

/** What the push service stored for the device, decrypted as the browser would. */
async function received(d: Device) {
  const res = await fetch(`${env.PUSH_SERVICE_BASE}/push/${d.id}/messages`);
  const stored = (await res.json()) as { body: string; vapidKey: string; urgency: string; ttl: number }[];
  return Promise.all(
    stored.map(async (m) => {
      const bytes = Uint8Array.from(atob(m.body.replace(/-/g, "+").replace(/_/g, "/")), (c) =>
        c.charCodeAt(0),
      );
      const text = new TextDecoder().decode(await decryptPush(bytes, d));
      return { ...m, message: JSON.parse(text) as { title: string; body: string; link: string | null } };
    }),
  );
}

async function send(event: EventEnvelope) {
  clock.advance(1000);
  await deliver.handle(event);
}

beforeAll(async () => {
  owner = await signUpUser();
  const res = await api(
    "/v1/sites",
    jsonInit("POST", { name: "Demo Shop", timeZone: "Europe/Stockholm" }, owner.token),
  );
  siteId = ((await res.json()) as { id: string }).id;
  const quiet = { quiet: { start: 22 * 60, end: 7 * 60 }, timeZone: "Europe/Stockholm", digest: true };
  await api(
    "/v1/notifications/preferences",
    jsonInit("PUT", { ...quiet, everyChange: false, channels: {} }, owner.token),
  );
  phone = await device();
  expect((await subscribe(owner, phone)).status).toBe(201);
});

describe("web push (workerd, push-service emulator)", () => {
  it("sends a food-safety alarm at once, in quiet hours and despite the digest, signed with the published key", async () => {
    const { publicKey } = (await (await api("/v1/notifications/push/key", authed(owner.token))).json()) as {
      publicKey: string;
    };
    const event = sampleEvent(
      "equipment.alarm.raised",
      siteId,
      {
        alarmId: "a-push-1",
        equipmentId: "e1",
        equipmentName: "Dairy fridge",
        kind: "HIGH_TEMPERATURE",
        temperature: 9.5,
        limit: 8,
        raisedAt: at(),
      },
      clock.now(),
    );
    await send(event);
    await send(event);
    const got = await received(phone);
    expect(got).toHaveLength(1);
    expect(got[0]!.vapidKey).toBe(publicKey);
    expect(got[0]!.urgency).toBe("high");
    expect(got[0]!.message.title).toBe("Dairy fridge: high temperature alarm");
    expect(got[0]!.message.body).toContain("23:30");
    expect(got[0]!.message.link).toBe(`/sites/${siteId}/alarms?alarm=a-push-1`);
  });

  it("holds a hub going offline in quiet hours and pushes it when they end", async () => {
    const before = (await received(phone)).length;
    await send(
      sampleEvent(
        "hub.offline",
        siteId,
        { hubId: "hub-1", hubName: "Back room", lastSeenAt: at(), detectedAt: at() },
        clock.now(),
        "sites",
      ),
    );
    await deps.modules.scheduled();
    expect(await received(phone)).toHaveLength(before);
    // 07:00 in Stockholm is 05:00 UTC.
    clock.set(Date.UTC(2026, 5, 2, 5, 0));
    await deps.modules.scheduled();
    const got = await received(phone);
    expect(got).toHaveLength(before + 1);
    expect(got.at(-1)!.message.title).toBe("Demo Shop: hub Back room offline");
  });

  it("lists, refuses bad keys without change, unsubscribes one device, and forgets a device the service calls gone", async () => {
    const laptop = await device();
    expect((await subscribe(owner, laptop, "Laptop")).status).toBe(201);
    const bad = {
      endpoint: `${env.PUSH_SERVICE_BASE}/push/x`,
      keys: { p256dh: "short", auth: "a" },
      device: "X",
    };
    const refused = await api("/v1/notifications/push/subscriptions", jsonInit("POST", bad, owner.token));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_ERROR");
    const list = async () =>
      (
        (await (await api("/v1/notifications/push/subscriptions", authed(owner.token))).json()) as {
          devices: { device: string }[];
        }
      ).devices.map((d) => d.device);
    expect((await list()).sort()).toEqual(["Laptop", "Phone"]);
    // Another person cannot remove my device.
    const stranger = await signUpUser();
    const theirs = await api(
      "/v1/notifications/push/subscriptions",
      jsonInit("DELETE", { endpoint: laptop.endpoint }, stranger.token),
    );
    expect(await theirs.json()).toEqual({ removed: false });
    const mine = await api(
      "/v1/notifications/push/subscriptions",
      jsonInit("DELETE", { endpoint: laptop.endpoint }, owner.token),
    );
    expect(await mine.json()).toEqual({ removed: true });
    expect(await list()).toEqual(["Phone"]);
    await fetch(`${env.PUSH_SERVICE_BASE}/push/${phone.id}/expire`, { method: "POST" });
    await send(
      sampleEvent(
        "equipment.alarm.raised",
        siteId,
        {
          alarmId: "a-push-2",
          equipmentId: "e1",
          equipmentName: "Dairy fridge",
          kind: "HIGH_TEMPERATURE",
          temperature: 9,
          limit: 8,
          raisedAt: at(),
        },
        clock.now(),
      ),
    );
    expect(await list()).toEqual([]);
    expect(await received(laptop)).toHaveLength(0);
  });
});
