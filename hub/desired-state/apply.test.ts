import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { DesiredStateDocument } from "../../shared/desired-state/index.ts";
import { devices, equipment, type OpenedDb, openDb } from "../db/index.ts";
import { authenticateDevice } from "../devices/index.ts";
import { hashSecret } from "../devices/secrets.ts";
import { sectionsOf } from "../module/index.ts";
import { HUB_MODULES } from "../modules.ts";
import { rulesOf } from "../monitoring/index.ts";
import { eventsOfType } from "../outbox/index.ts";
import { appliedState, applyDocument, DesiredStateRejected } from "./apply.ts";
import { siteSettings, siteTimeZone } from "./site-section.ts";

const SECTIONS = sectionsOf(HUB_MODULES);

const binding = { siteId: "site-1", hubId: "hub-1" };
let storage: OpenedDb;

beforeEach(async () => {
  storage = await openDb(":memory:");
});
afterEach(() => storage.close());

const apply = (doc: unknown) =>
  applyDocument({ db: storage.db, sections: SECTIONS, binding, now: Date.now() }, doc);

function documentOf(version: number, over: Partial<Record<string, unknown>> = {}): DesiredStateDocument {
  return {
    ...binding,
    version,
    issuedAt: new Date().toISOString(),
    sections: {
      devices: {
        devices: [
          {
            id: "dev-0a1b2c3d4e5f",
            kind: "FRIDGE",
            name: "Dairy fridge",
            secretHash: hashSecret("s3cret-from-the-cloud"),
            equipmentId: "eq-dairy",
            revoked: false,
          },
        ],
      },
      equipment: {
        equipment: [
          {
            id: "eq-dairy",
            deviceId: "dev-0a1b2c3d4e5f",
            name: "Dairy fridge",
            type: "FRIDGE",
            setTemperature: 3,
            optimalMin: 1,
            optimalMax: 6,
          },
        ],
      },
      rules: { rules: [{ equipmentId: "eq-dairy", settings: { highDelayMs: 0 } }] },
      ...over,
    },
  };
}

describe("applying a desired-state document", () => {
  it("creates the cloud's device, equipment and rules through the hub's verbs, and records the version", async () => {
    const result = await apply(documentOf(3));
    expect(result).toEqual({
      version: 3,
      applied: { devices: 1, equipment: 1, rules: 1 },
      unknown: [],
      unservable: [],
    });
    const auth = await authenticateDevice(storage.db, "dev-0a1b2c3d4e5f", "s3cret-from-the-cloud");
    expect(auth.ok).toBe(true);
    const [eq] = await storage.db.select().from(equipment);
    expect(eq).toMatchObject({ id: "eq-dairy", deviceId: "dev-0a1b2c3d4e5f", optimalMin: 1, optimalMax: 6 });
    expect((await rulesOf(storage.db, "eq-dairy")).rules.highDelayMs).toBe(0);
    expect(await appliedState(storage.db)).toMatchObject({ version: 3 });
    const ruleEvents = await eventsOfType(storage.db, "equipment.rules.changed");
    expect(ruleEvents.map((e) => e.envelope.data)).toEqual([
      expect.objectContaining({
        equipmentId: "eq-dairy",
        changes: { highDelayMs: 0 },
        origin: "desired-state",
      }),
    ]);
    // The same document again changes nothing and records nothing.
    await apply(documentOf(3));
    expect(await eventsOfType(storage.db, "equipment.rules.changed")).toHaveLength(1);
  });

  it("changes nothing when only the LAST section is invalid, and names it", async () => {
    await apply(documentOf(1));
    const before = {
      devices: await storage.db.select().from(devices),
      equipment: await storage.db.select().from(equipment),
    };
    const bad = documentOf(2, {
      devices: { devices: [] },
      equipment: {
        equipment: [
          {
            id: "eq-dairy",
            deviceId: "dev-0a1b2c3d4e5f",
            name: "Renamed",
            type: "FRIDGE",
            setTemperature: 2,
            optimalMin: 0,
            optimalMax: 5,
          },
        ],
      },
      rules: { rules: [{ equipmentId: "eq-dairy", settings: { highDelayMs: -5 } }] },
    });
    const err = await apply(bad).catch((e) => e);
    expect(err).toBeInstanceOf(DesiredStateRejected);
    expect(err.message).toMatch(/^rules: /);
    expect(await storage.db.select().from(devices)).toEqual(before.devices);
    expect(await storage.db.select().from(equipment)).toEqual(before.equipment);
    expect(await appliedState(storage.db)).toMatchObject({ version: 1 });
  });

  it("rolls everything back when a verb refuses a value the schema let through", async () => {
    const bad = documentOf(4);
    (bad.sections.equipment as { equipment: { optimalMin: number }[] }).equipment[0]!.optimalMin = 9;
    const err = await apply(bad).catch((e) => e);
    expect(err).toBeInstanceOf(DesiredStateRejected);
    expect(err.message).toMatch(/^equipment: /);
    expect(await storage.db.select().from(devices)).toEqual([]);
    expect(await appliedState(storage.db)).toBeUndefined();
  });

  it("revokes a device the cloud lists as revoked, and reports sections it does not know", async () => {
    await apply(documentOf(1));
    const doc = documentOf(2, { heatingSchedules: { schedules: [] } });
    (doc.sections.devices as { devices: { revoked: boolean }[] }).devices[0]!.revoked = true;
    expect(await apply(doc)).toMatchObject({ version: 2, unknown: ["heatingSchedules@1"] });
    const auth = await authenticateDevice(storage.db, "dev-0a1b2c3d4e5f", "s3cret-from-the-cloud");
    expect(auth).toEqual({ ok: false, reason: "revoked" });
  });

  it("keeps the site's name and time zone; UTC before the cloud has said", async () => {
    expect(await siteTimeZone(storage.db)).toBe("UTC");
    await apply(documentOf(1, { site: { name: "Corner shop", timeZone: "Europe/Lisbon" } }));
    expect(await siteTimeZone(storage.db)).toBe("Europe/Lisbon");
    expect(await siteSettings(storage.db)).toEqual({ name: "Corner shop", timeZone: "Europe/Lisbon" });
    const bad = await apply(
      documentOf(2, { site: { name: "Corner shop", timeZone: "Europe/Atlantis" } }),
    ).catch((e) => e);
    expect(bad).toBeInstanceOf(DesiredStateRejected);
    expect(bad.message).toMatch(/^site: /);
    expect(await siteTimeZone(storage.db)).toBe("Europe/Lisbon");
  });

  it("applies each section by the schema version it was served at, keeps out a version it lacks, passes on what the cloud could not serve", async () => {
    const doc = {
      ...documentOf(5, { trustedKeys: { keys: [] }, site: { name: "Shop", timeZone: "UTC" } }),
      sectionVersions: { devices: 1, equipment: 1, rules: 1, trustedKeys: 3, site: 1 },
      unservable: [{ section: "members", hubVersions: [1], cloudVersions: [2] }],
    };
    const result = await apply(doc);
    expect(result).toEqual({
      version: 5,
      applied: { site: 1, devices: 1, equipment: 1, rules: 1 },
      unknown: ["trustedKeys@3"],
      unservable: [{ section: "members", hubVersions: [1], cloudVersions: [2] }],
    });
    expect(await appliedState(storage.db)).toMatchObject({ version: 5, sections: result.applied });
  });
});
