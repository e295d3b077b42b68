import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { buildDeps } from "../../edge/deps.ts";
import {
  api,
  authed,
  claimHub,
  jsonInit,
  postBatch,
  signUpUser,
  type TestUser,
} from "../../edge/testing/fixtures.ts";
import { hubEvent, openLive } from "../../edge/testing/live-fixtures.ts";
import { ManualClock } from "../../shared/clock/manual.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import { sampleEvent } from "../../shared/events/testing.ts";
import { BEARER_PROTOCOL_PREFIX, LIVE_PROTOCOL } from "../../shared/live/index.ts";

// 21:30 UTC on 1 June is 23:30 in Stockholm: inside quiet hours 22:00–07:00.
const clock = new ManualClock(Date.UTC(2026, 5, 1, 21, 30));
const deps = buildDeps(env, { clock });
const deliver = deps.modules.consumers().find((c) => c.name === "notifications.deliver")!;

let owner: TestUser;
let siteId: string;

async function mails(to: string): Promise<{ subject: string; body: string; template: string }[]> {
  const { results } = await env.NOTIFICATIONS_DB.prepare(
    "SELECT subject, body, template FROM email_outbox WHERE recipient = ? AND template IN ('notification', 'digest') ORDER BY created_at, id",
  )
    .bind(to)
    .all<{ subject: string; body: string; template: string }>();
  return results;
}

async function inbox(user: TestUser) {
  const res = await api("/v1/notifications", authed(user.token));
  return (await res.json()) as {
    unread: number;
    notifications: { id: string; title: string; body: string; link: string | null }[];
  };
}

async function prefs(user: TestUser, body: object) {
  const res = await api("/v1/notifications/preferences", jsonInit("PUT", body, user.token));
  expect(res.status).toBe(200);
}

const QUIET = {
  quiet: { start: 22 * 60, end: 7 * 60 },
  timeZone: "Europe/Stockholm",
  digest: false,
  everyChange: false,
  channels: {},
};
const alarm = (alarmId: string) => ({ alarmId, equipmentId: "e1", equipmentName: "Dairy fridge" });
const at = () => new Date(clock.now()).toISOString();

async function send(event: EventEnvelope) {
  // Rows made in one millisecond have no order; each delivery comes a second after the last.
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
  await prefs(owner, QUIET);
  // The hub configures its unit: texts name it from then on.
  const hub = await claimHub(owner, siteId);
  const configured = hubEvent(
    hub,
    1,
    "equipment.configured",
    {
      equipmentId: "e1",
      equipmentName: "Dairy fridge",
      type: "FRIDGE",
      setTemperature: 3,
      optimalMin: 0,
      optimalMax: 5,
      location: null,
      configuredAt: new Date().toISOString(),
    },
    Date.now(),
  );
  expect((await postBatch(hub, [configured])).status).toBe(200);
});

describe("notification delivery (workerd, injected clock)", () => {
  it("sends a food-safety alarm at once in quiet hours, and once however often it is delivered", async () => {
    const event = sampleEvent(
      "equipment.alarm.raised",
      siteId,
      { ...alarm("a-1"), kind: "HIGH_TEMPERATURE", temperature: 9.5, limit: 8, raisedAt: at() },
      clock.now(),
    );
    await send(event);
    await send(event);
    const sent = await mails(owner.email);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.subject).toBe("Dairy fridge: high temperature alarm");
    // 21:30 UTC written as the site's 23:30.
    expect(sent[0]!.body).toContain("1 Jun 2026, 23:30 (Europe/Stockholm)");
    const list = await inbox(owner);
    expect(list.unread).toBe(1);
    expect(list.notifications[0]!.link).toBe(`/sites/${siteId}/alarms?alarm=a-1`);
  });

  it("holds a non-critical message in quiet hours until the window ends, then sends it", async () => {
    clock.advance(60_000);
    const before = (await mails(owner.email)).length;
    await send(
      sampleEvent(
        "hub.offline",
        siteId,
        { hubId: "hub-1", hubName: "Back room", lastSeenAt: at(), detectedAt: at() },
        clock.now(),
        "sites",
      ),
    );
    expect(await mails(owner.email)).toHaveLength(before);
    // In the app at once, silently.
    expect((await inbox(owner)).notifications[0]!.title).toBe("Demo Shop: hub Back room offline");
    clock.set(Date.UTC(2026, 5, 2, 4, 59));
    await deps.modules.scheduled();
    expect(await mails(owner.email)).toHaveLength(before);
    // 07:00 in Stockholm is 05:00 UTC.
    clock.set(Date.UTC(2026, 5, 2, 5, 0));
    await deps.modules.scheduled();
    const sent = await mails(owner.email);
    expect(sent).toHaveLength(before + 1);
    expect(sent.at(-1)!.subject).toBe("Demo Shop: hub Back room offline");
  });

  it("sends one message per alarm episode: not its acknowledgement, its clearance only after an escalation", async () => {
    clock.set(Date.UTC(2026, 5, 2, 10, 0));
    const count = async () => (await mails(owner.email)).length;
    const start = await count();
    await send(
      sampleEvent(
        "equipment.alarm.raised",
        siteId,
        { ...alarm("a-2"), kind: "DOOR_OPEN", temperature: null, limit: null, raisedAt: at() },
        clock.now(),
      ),
    );
    await send(
      sampleEvent(
        "equipment.alarm.acknowledged",
        siteId,
        {
          alarmId: "a-2",
          equipmentId: "e1",
          acknowledgedBy: `Ana Berg (${owner.id})`,
          note: null,
          acknowledgedAt: at(),
        },
        clock.now(),
      ),
    );
    await send(
      sampleEvent(
        "equipment.alarm.cleared",
        siteId,
        {
          alarmId: "a-2",
          equipmentId: "e1",
          kind: "DOOR_OPEN",
          temperature: null,
          peak: null,
          clearedAt: at(),
        },
        clock.now(),
      ),
    );
    expect((await mails(owner.email)).slice(start).map((m) => m.subject)).toEqual([
      "Dairy fridge: door open alarm",
    ]);
    await send(
      sampleEvent(
        "equipment.alarm.raised",
        siteId,
        { ...alarm("a-3"), kind: "HIGH_TEMPERATURE", temperature: 9, limit: 8, raisedAt: at() },
        clock.now(),
      ),
    );
    await send(
      sampleEvent(
        "equipment.alarm.escalated",
        siteId,
        { ...alarm("a-3"), kind: "HIGH_TEMPERATURE", raisedAt: at(), escalatedAt: at() },
        clock.now(),
      ),
    );
    await send(
      sampleEvent(
        "equipment.alarm.cleared",
        siteId,
        {
          alarmId: "a-3",
          equipmentId: "e1",
          kind: "HIGH_TEMPERATURE",
          temperature: 5,
          peak: 11,
          clearedAt: at(),
        },
        clock.now(),
      ),
    );
    const sent = await mails(owner.email);
    expect(sent.slice(start + 1).map((m) => m.subject)).toEqual([
      "Dairy fridge: high temperature alarm",
      "Dairy fridge: high temperature alarm not acknowledged",
      "Dairy fridge: temperature back in range",
    ]);
  });

  it("sends every change to a person who asks for it", async () => {
    const member = await signUpUser();
    await prefs(member, { ...QUIET, quiet: null, everyChange: true });
    // Not a member: the event's audience is the payer (billing's audience hook), whoever belongs to the site.
    const ev = sampleEvent(
      "payment.failed",
      `account:${member.id}`,
      {
        paymentId: "p1",
        payableKind: "DEMO",
        payableId: "o1",
        accountId: member.id,
        amount: 1500,
        currency: "jpy",
        stripePaymentIntentId: "pi_1",
        reason: "card_declined",
        failedAt: at(),
      },
      clock.now(),
      "billing",
    );
    await send(ev);
    const sent = await mails(member.email);
    expect(sent.map((m) => m.subject)).toEqual(["Payment failed"]);
    expect(sent[0]!.body).toContain("JPY 1500 failed");
    expect((await mails(owner.email)).some((m) => m.subject === "Payment failed")).toBe(false);
  });

  it("pushes a new notification over the person's live socket", async () => {
    const res = await openLive(siteId, [LIVE_PROTOCOL, `${BEARER_PROTOCOL_PREFIX}${owner.token}`]);
    const live = res.live!;
    await live.next((m) => m.type === "snapshot");
    await send(
      sampleEvent(
        "equipment.alarm.raised",
        siteId,
        { ...alarm("a-live"), kind: "LOW_TEMPERATURE", temperature: -1, limit: 0, raisedAt: at() },
        clock.now(),
      ),
    );
    const pushed = await live.next((m) => m.type === "notification");
    expect(pushed).toMatchObject({
      type: "notification",
      data: { title: "Dairy fridge: low temperature alarm", link: `/sites/${siteId}/alarms?alarm=a-live` },
    });
    live.close();
  });

  it("marks read one or all, never another person's", async () => {
    const list = await inbox(owner);
    const other = await signUpUser();
    await api("/v1/notifications/read", jsonInit("POST", { ids: [list.notifications[0]!.id] }, other.token));
    expect((await inbox(owner)).unread).toBe(list.unread);
    const res = await api(
      "/v1/notifications/read",
      jsonInit("POST", { ids: [list.notifications[0]!.id] }, owner.token),
    );
    expect(((await res.json()) as { unread: number }).unread).toBe(list.unread - 1);
    await api("/v1/notifications/read", jsonInit("POST", {}, owner.token));
    expect((await inbox(owner)).unread).toBe(0);
  });

  it("holds non-critical mail for the daily digest at 07:00 in the person's zone", async () => {
    const person = await signUpUser();
    await prefs(person, { ...QUIET, quiet: null, digest: true });
    clock.set(Date.UTC(2026, 5, 3, 3, 0));
    const ev = sampleEvent(
      "payment.succeeded",
      `account:${person.id}`,
      {
        paymentId: "p2",
        payableKind: "DEMO",
        payableId: "o2",
        accountId: person.id,
        amount: 2900,
        currency: "eur",
        stripePaymentIntentId: "pi_2",
        succeededAt: at(),
      },
      clock.now(),
      "billing",
    );
    await send(ev);
    await deps.modules.scheduled();
    expect(await mails(person.email)).toEqual([]);
    clock.set(Date.UTC(2026, 5, 3, 5, 1));
    await deps.modules.scheduled();
    await deps.modules.scheduled();
    const sent = await mails(person.email);
    expect(sent.map((m) => m.template)).toEqual(["digest"]);
    expect(sent[0]!.body).toContain("EUR 29.00 was paid at 3 Jun 2026, 03:00 (UTC)");
  });

  it("refuses bad preferences with the one error shape", async () => {
    const res = await api(
      "/v1/notifications/preferences",
      jsonInit("PUT", { ...QUIET, channels: { "no.such": { email: true } } }, owner.token),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("VALIDATION_ERROR");
  });
});
