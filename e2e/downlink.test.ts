import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { membersSection, recordedPerson, trustedKeysFor, trustedKeysSection } from "../hub/auth/index.ts";
import { alarms, type OpenedDb, openDb } from "../hub/db/index.ts";
import {
  appliedState,
  DesiredStateDownlink,
  type HubSection,
  siteSection,
  siteSettings,
  siteTimeZone,
} from "../hub/desired-state/index.ts";
import { silentLogger } from "../hub/log.ts";
import { sectionsOf } from "../hub/module/index.ts";
import { HUB_MODULES } from "../hub/modules.ts";
import { type CloudBinding, claimHub } from "../hub/sync/index.ts";
import { connectFridge, eventually, startTestHub, type TestHub } from "../hub/testing.ts";
import { CloudClient } from "../scripts/cloud-client.ts";
import { systemClock } from "../shared/clock/index.ts";
import { type CloudFixture, startCloudFixture } from "./stack.ts";

const ALL_SECTIONS = sectionsOf(HUB_MODULES);

let cloud: CloudFixture;
let hub: TestHub;
let owner: CloudClient;
let ownerId: string;
const ownerEmail = `owner-${crypto.randomUUID()}@example.test`;
let siteId: string;
/** Status codes of the hub's desired-state fetches, in order. */
const desiredStateAnswers: number[] = [];

beforeAll(async () => {
  cloud = await startCloudFixture();
  owner = new CloudClient(cloud.url);
  ownerId = (await owner.signUp(ownerEmail, "correct horse battery")).user.id;
  siteId = (await owner.ensureSite("Downlink shop")).id;
  const recording: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (String(input).endsWith("/desired-state")) desiredStateAnswers.push(res.status);
    return res;
  };
  hub = await startTestHub({ sync: { idleMs: 100, backoff: { baseMs: 50, maxMs: 300 }, fetch: recording } });
  await hub.claim({ cloudUrl: cloud.url, code: await owner.claimCode(siteId), name: "Downlink hub" });
}, 120_000);

afterAll(async () => {
  await hub?.destroy();
  await cloud?.destroy();
});

interface DesiredStatus {
  version: number | null;
  lastError: string | null;
}
const desired = () => hub.sync.status.desiredState as DesiredStatus;

describe("desired state and remote actions, end to end with the real Worker", () => {
  it("pairs a fridge from the cloud; the hub accepts its secret after the next round, then answers 304s", async () => {
    const paired = (await (
      await owner.raw("POST", `/v1/sites/${siteId}/devices`, {
        kind: "FRIDGE",
        name: "Cloud fridge",
        equipment: { optimalMin: 0, optimalMax: 5 },
      })
    ).json()) as { id: string; secret: string; kind: string; equipmentId: string };
    const rules = await owner.raw("PUT", `/v1/sites/${siteId}/equipment/${paired.equipmentId}/rules`, {
      highDelayMs: 0,
    });
    expect(rules.status).toBe(200);

    await eventually(async () => {
      const rs = await hub.storage.client.execute({
        sql: "select count(*) as n from alarm_rules where equipment_id = ?",
        args: [paired.equipmentId],
      });
      return Number(rs.rows[0]!.n) === 1;
    }, 20_000);
    expect(desired().lastError).toBeNull();
    const fridge = await connectFridge(hub, { ...paired, equipmentId: paired.equipmentId });
    await fridge.close();

    const applied = desired().version!;
    const seen = desiredStateAnswers.length;
    await eventually(() => desiredStateAnswers.length >= seen + 2, 10_000);
    expect(desiredStateAnswers.slice(seen)).toEqual(expect.arrayContaining([304]));
    expect(desiredStateAnswers.slice(seen).every((s) => s === 304)).toBe(true);
    expect(desired().version).toBe(applied);
  }, 60_000);

  it("acknowledges an alarm from the web app: applied once on the hub as that person, result reported, event synced", async () => {
    const paired = (await (
      await owner.raw("POST", `/v1/sites/${siteId}/devices`, { kind: "FRIDGE", name: "Ack fridge" })
    ).json()) as { id: string; secret: string; kind: string; equipmentId: string };
    await owner.raw("PUT", `/v1/sites/${siteId}/equipment/${paired.equipmentId}/rules`, { highDelayMs: 0 });
    await eventually(async () => {
      const rs = await hub.storage.client.execute({
        sql: "select count(*) as n from alarm_rules where equipment_id = ?",
        args: [paired.equipmentId],
      });
      return Number(rs.rows[0]!.n) === 1;
    }, 20_000);
    const fridge = await connectFridge(hub, paired);
    await fridge.publishTelemetry({ temperature: 9 });
    const alarmId = await eventually(async () => {
      const body = (await owner.get(`/v1/sites/${siteId}/alarms`)) as {
        alarms: { alarmId: string; equipmentId: string }[];
      };
      return body.alarms.find((a) => a.equipmentId === paired.equipmentId)?.alarmId;
    }, 20_000);

    const queued = await owner.raw("POST", `/v1/sites/${siteId}/alarms/${alarmId}/acknowledge`, {
      note: "on it",
    });
    expect(queued.status).toBe(202);
    const { actionId } = (await queued.json()) as { actionId: string };

    const action = await eventually(async () => {
      const { actions } = (await owner.get(`/v1/sites/${siteId}/actions?status=all`)) as {
        actions: { id: string; status: string; by: { userId: string; name: string } }[];
      };
      const found = actions.find((a) => a.id === actionId);
      return found?.status === "PENDING" ? undefined : found;
    }, 20_000);
    expect(action).toMatchObject({ status: "APPLIED", by: { userId: ownerId, name: ownerEmail } });
    // The hub records people as "Name (subject)"; the subject (the cloud user id) is what identifies them.
    const ownerOnHub = recordedPerson({ subject: ownerId, name: ownerEmail });

    const [row] = await hub.storage.db
      .select()
      .from(alarms)
      .where(eq(alarms.id, alarmId as string));
    expect(row).toMatchObject({
      status: "ACKNOWLEDGED",
      acknowledgedBy: ownerOnHub,
      acknowledgementNote: "on it",
    });
    const events = await eventually(async () => {
      const { events } = (await owner.get(`/v1/sites/${siteId}/events?limit=1000`)) as {
        events: { type: string; data: { alarmId?: string; acknowledgedBy?: string } }[];
      };
      const acks = events.filter(
        (e) => e.type === "equipment.alarm.acknowledged" && e.data.alarmId === alarmId,
      );
      return acks.length > 0 ? acks : undefined;
    }, 20_000);
    expect(events).toHaveLength(1);
    expect(events![0]!.data.acknowledgedBy).toBe(ownerOnHub);
    // Applied once: later rounds see no pending action and the hub's record stays single.
    const rs = await hub.storage.client.execute({
      sql: "select count(*) as n from remote_actions where id = ?",
      args: [actionId],
    });
    expect(Number(rs.rows[0]!.n)).toBe(1);
    await fridge.close();
  }, 90_000);
});

describe("a hub's sections and their versions, against the real Worker", () => {
  const answers: number[] = [];
  const recording: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    if (String(input).endsWith("/desired-state")) answers.push(res.status);
    return res;
  };
  let storage: OpenedDb;
  let binding: CloudBinding;

  /** The hub's desired-state downlink as a hub with these sections runs it (a restart = a new one). */
  const hubWith = (sections: readonly HubSection[]) =>
    new DesiredStateDownlink({
      db: storage.db,
      log: silentLogger,
      clock: systemClock,
      fetch: recording,
      sections,
      changed: async () => {},
    });

  beforeAll(async () => {
    const site = (await (
      await owner.raw("POST", "/v1/sites", { name: "Learning shop", timeZone: "Europe/Vienna" })
    ).json()) as { id: string };
    storage = await openDb(":memory:");
    binding = await claimHub(
      { db: storage.db, now: Date.now() },
      { cloudUrl: cloud.url, code: await owner.claimCode(site.id), name: "Learning hub" },
    );
  }, 60_000);
  afterAll(() => storage?.close());

  it("a hub that learns a section after its version was applied applies it on the next round", async () => {
    const before = hubWith(ALL_SECTIONS.filter((s) => s.name !== "site"));
    await before.run(binding);
    expect(before.status.lastError).toBeNull();
    const version = before.status.version!;
    expect(await siteSettings(storage.db)).toBeUndefined();
    await before.run(binding);
    expect(answers.slice(-2)).toEqual([200, 304]);

    // Restarted after an upgrade that brought `site`: the document has not moved, and still it comes down.
    const after = hubWith(ALL_SECTIONS);
    await after.run(binding);
    expect(answers.at(-1)).toBe(200);
    expect(after.status).toMatchObject({
      version,
      lastError: null,
      unknownSections: [],
      unservableSections: [],
    });
    expect(await siteTimeZone(storage.db)).toBe("Europe/Vienna");
    expect((await appliedState(storage.db))?.sections).toMatchObject({ site: 1, trustedKeys: 2 });
    await after.run(binding);
    expect(answers.at(-1)).toBe(304);
  }, 60_000);

  it("a hub one version behind gets the version it knows; a hub knowing only one the cloud dropped is told, and applies the rest", async () => {
    const behind = hubWith(ALL_SECTIONS.filter((s) => s !== trustedKeysSection));
    await behind.run(binding);
    expect(behind.status.lastError).toBeNull();
    expect((await appliedState(storage.db))?.sections?.trustedKeys).toBe(1);
    expect((await trustedKeysFor(storage.db, "access")).keys.length).toBeGreaterThan(0);

    // A hub from before `site` was at version 1: the cloud cannot serve it that section, the rest applies.
    const ancient = hubWith([membersSection, { ...siteSection, version: 0 }]);
    await ancient.run(binding);
    expect(answers.at(-1)).toBe(200);
    expect(ancient.status).toMatchObject({
      lastError: null,
      unservableSections: [{ section: "site", hubVersions: [0], cloudVersions: [1] }],
    });
    expect((await appliedState(storage.db))?.sections).toEqual({ members: 1 });
  }, 60_000);
});
