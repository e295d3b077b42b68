// The heating module on a real hub (aedes, SQLite, MQTT device clients) on a ManualClock: heating, restart re-assert, stale sensor, remote boost once.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HeatingRoomSim } from "../../devices/simulators/heating.ts";
import { ManualClock } from "../../shared/clock/index.ts";
import { defaultRoomSettings } from "../../shared/heating/defaults.ts";
import { laneOf } from "../../shared/sync/index.ts";
import { commands, devices as devicesTable, heatingEnergy, heatingRooms } from "../db/index.ts";
import { applyDocument } from "../desired-state/index.ts";
import { LOCAL_SITE } from "../identity.ts";
import { remoteActionsOf } from "../module/index.ts";
import { HUB_MODULES } from "../modules.ts";
import { eventsOfType } from "../outbox/index.ts";
import { applyActionOnce } from "../sync/apply-action.ts";
import { connectPaired, deviceInput, eventually, sendJson, startTestHub, type TestHub } from "../testing.ts";

const MIN = 60_000;
const clock = new ManualClock(Date.UTC(2026, 0, 12, 10)); // a Monday, 10:00 UTC
let h: TestHub;
let ids: { heater: string; sensor: string; meter: string };
let secrets: Record<string, Awaited<ReturnType<TestHub["pair"]>>>;
const sim = new HeatingRoomSim({
  room: { heatPerHour: 5, lossPerHour: 0.08, openLossPerHour: 1.5, outsideC: 2, startC: 17 },
});
let devices: Awaited<ReturnType<typeof connectAll>>;

async function connectAll() {
  const [heater, sensor, meter] = await Promise.all(
    (["heater", "sensor", "meter"] as const).map((k) => connectPaired(h, secrets[k]!)),
  );
  const d = { heater: heater!, sensor: sensor!, meter: meter! };
  await sim.attach(d);
  return d;
}

const room = async () =>
  (await h.storage.db.select().from(heatingRooms).where(eq(heatingRooms.id, "room-1")))[0]!;

/** One simulated minute: the room moves, sensor and meter report, the clock moves, the tick has run. */
async function minute(opts: { publish?: boolean } = {}) {
  sim.step(MIN);
  if (opts.publish !== false) await sim.publish(devices, clock.now());
  await h.drain();
  clock.advance(MIN);
  const at = clock.now();
  await eventually(async () => (await room()).updatedAt >= at);
}

beforeAll(async () => {
  h = await startTestHub({ clock });
  secrets = {
    heater: await h.pair(deviceInput("HEATER", { name: "Living room radiator" })),
    sensor: await h.pair(deviceInput("SENSOR", { name: "Living room sensor" })),
    meter: await h.pair(deviceInput("METER", { name: "Living room meter" })),
  };
  ids = { heater: secrets.heater!.id, sensor: secrets.sensor!.id, meter: secrets.meter!.id };
  await applyRooms(1, clock.now() - MIN);
  devices = await connectAll();
});
afterAll(() => h.destroy());

/** The cloud's document with the one room, as changed by an owner at `changedAt`. */
async function applyRooms(version: number, changedAt: number) {
  const settings = { ...defaultRoomSettings(), mode: "manual" as const, setPoint: 21, staleAfterMinutes: 15 };
  const doc = {
    siteId: "site-1",
    hubId: "hub-1",
    version,
    issuedAt: new Date(clock.now()).toISOString(),
    sections: {
      heating: {
        rooms: [
          {
            id: "room-1",
            name: "Living room",
            space: "Home",
            settings,
            changedAt: new Date(changedAt).toISOString(),
            devices: [
              { deviceId: ids.heater, role: "HEATER" as const },
              { deviceId: ids.sensor, role: "SENSOR" as const },
              { deviceId: ids.meter, role: "METER" as const },
            ],
          },
        ],
      },
    },
  };
  await applyDocument(
    {
      db: h.storage.db,
      sections: h.sections,
      binding: { siteId: "site-1", hubId: "hub-1" },
      now: clock.now(),
    },
    doc,
  );
}

describe("heating on the hub", () => {
  it("switches the heater on through an acknowledged command and heats the room", async () => {
    await sim.publish(devices, clock.now());
    await h.drain();
    clock.advance(1_000); // the first tick
    await eventually(() => sim.relayOn);
    for (let i = 0; i < 10; i++) await minute();
    expect(sim.model.c).toBeGreaterThan(17.5);
    const r = await room();
    expect([r.target, r.source, r.state.heaterOn]).toEqual([21, "manual", true]);
    const [cmd] = await h.storage.db.select().from(commands).where(eq(commands.deviceId, ids.heater));
    expect([cmd!.name, cmd!.args, cmd!.status]).toEqual(["switch", { on: true }, "ACKNOWLEDGED"]);
    expect((await eventsOfType(h.storage.db, "heating.heater.switched")).length).toBe(1);
    // The live view's status: on the switch, then (nothing changing) once 10 minutes later, not every minute.
    const statuses = await eventsOfType(h.storage.db, "heating.room.status");
    const first = { roomName: "Living room", heaterOn: true, target: 21, source: "manual", reason: "below" };
    expect(statuses.map((e) => e.envelope.data)).toMatchObject([
      { ...first, at: "2026-01-12T10:00:01.000Z" },
      { ...first, at: "2026-01-12T10:10:01.000Z" },
    ]);
  });

  it("after a restart mid-heating tells the heater its desired state again", async () => {
    await Promise.all(Object.values(devices).map((d) => d.close()));
    h = await h.restart();
    sim.powerCycle(); // the heater lost power meanwhile and came back off
    devices = await connectAll();
    await sim.publish(devices, clock.now());
    await h.drain();
    clock.advance(1_000);
    await eventually(() => sim.relayOn);
    const sent = await h.storage.db.select().from(commands).where(eq(commands.deviceId, ids.heater));
    expect(sent.map((c) => c.args)).toEqual([{ on: true }, { on: true }]);
    // Nothing switched: the same desired state, told again.
    expect((await eventsOfType(h.storage.db, "heating.heater.switched")).length).toBe(1);
  });

  it("applies a boost from the owner app once, however often it arrives", async () => {
    const deps = {
      db: h.storage.db,
      clock,
      handlers: remoteActionsOf(HUB_MODULES),
      source: (module: string) => ({ siteId: LOCAL_SITE, hubId: h.hubId, module }),
    };
    const action = {
      id: "action-boost-1",
      kind: "heating.boost" as const,
      target: "room-1",
      input: { setPoint: 24, minutes: 30 },
      by: { userId: "user-1", name: "Ada Owner" },
    };
    expect(await applyActionOnce(deps, action)).toBe("APPLIED");
    expect(await applyActionOnce(deps, action)).toBe("ALREADY_APPLIED");
    const started = await eventsOfType(h.storage.db, "heating.override.started");
    expect(started.map((e) => e.envelope.data)).toMatchObject([
      { roomName: "Living room", hold: "boost", setPoint: 24, origin: "remote-action", by: "Ada Owner" },
    ]);
    await minute();
    expect([(await room()).target, (await room()).source]).toEqual([24, "boost"]);
  });

  it("switches the heater off within one tick of its sensor going stale", async () => {
    expect(sim.relayOn).toBe(true);
    // The last reading was taken a minute before the last tick: 14 more ticks make it 15 minutes old.
    for (let i = 0; i < 14; i++) await minute({ publish: false });
    expect([sim.relayOn, (await room()).reason]).toEqual([true, "below"]);
    await minute({ publish: false }); // now older than 15 minutes
    await eventually(() => !sim.relayOn);
    const tripped = await eventsOfType(h.storage.db, "heating.safety.tripped");
    expect(tripped.map((e) => e.envelope.data)).toMatchObject([{ cause: "stale", action: "heater off" }]);
  });

  it("retries a heater that does not acknowledge, then marks it ERROR with an alarm and tells it again", async () => {
    await devices.heater.close();
    // A heater that does not listen: its switch command waits, then expires (120 s).
    const deaf = await connectPaired(h, secrets.heater!);
    sim.model.c = 17;
    // The minimum off time (5 min) since the stale sensor's cut-off, then the command's 2 minutes.
    for (let i = 0; i < 9; i++) await minute();
    await eventually(async () => (await eventsOfType(h.storage.db, "heating.failure.detected")).length > 0);
    const failures = await eventsOfType(h.storage.db, "heating.failure.detected");
    expect(failures.map((e) => e.envelope.data)).toMatchObject([
      { roomName: "Living room", deviceName: "Living room radiator", cause: "no-ack" },
    ]);
    const [dev] = await h.storage.db.select().from(devicesTable).where(eq(devicesTable.id, ids.heater));
    expect(dev!.status).toBe("ERROR");
    const open = await h.storage.db.select().from(commands).where(eq(commands.deviceId, ids.heater));
    expect(open.filter((c) => c.status === "QUEUED").map((c) => c.args)).toEqual([{ on: true }]);
    // It starts answering on the same connection: the ERROR its silence earned ends with the next tick
    // after its acknowledgement (a fault it reported itself would stay until it cleared it).
    await deaf.handleCommands(() => ({ status: "ok" }));
    await eventually(async () => {
      await minute();
      const [now] = await h.storage.db.select().from(devicesTable).where(eq(devicesTable.id, ids.heater));
      return now!.status === "ONLINE";
    });
    await deaf.close();
  });

  it("raises an alarm when a heater reports another state than the one commanded", async () => {
    // This heater says ok (the last "on" was acknowledged in the last few minutes), then reports its relay off.
    const liar = await connectPaired(h, secrets.heater!, { onCommand: () => ({ status: "ok" }) });
    await minute();
    await eventually(async () => {
      const c = await h.storage.db.select().from(commands).where(eq(commands.deviceId, ids.heater));
      return c.some(
        (x) => x.status === "ACKNOWLEDGED" && x.args.on === true && x.finishedAt! >= clock.now() - 3 * MIN,
      );
    });
    clock.advance(1_000);
    await liar.publishState({ on: false });
    await minute();
    const f = await eventsOfType(h.storage.db, "heating.failure.detected");
    expect(f.map((e) => e.envelope.data)).toMatchObject([
      { cause: "no-ack" },
      { cause: "state-mismatch", detail: "commanded on, reports off" },
    ]);
    await liar.close();
  });

  it("keeps an override made at the hub until the cloud changes the room after it", async () => {
    const made = await sendJson(
      "POST",
      `${h.httpUrl}/api/heating/rooms/room-1/override`,
      { setPoint: 19 },
      h,
    );
    expect(made.status).toBe(200);
    expect(made.body).toMatchObject({ override: { setPoint: 19 } });
    await applyRooms(2, clock.now() - 60 * MIN); // a cloud change older than the override
    expect((await room()).state.override?.setPoint).toBe(19);
    clock.advance(1_000);
    await applyRooms(3, clock.now()); // a change made in the cloud after it
    expect((await room()).state.override).toBeNull();
  });

  it("rolls energy up per room and local day, and sends a finished day once (bulk lane)", async () => {
    const [today] = await h.storage.db.select().from(heatingEnergy).where(eq(heatingEnergy.roomId, "room-1"));
    // The meter reported 1,500 W while heating, integrated between readings.
    expect(today!.day).toBe("2026-01-12");
    expect(today!.wh).toBeGreaterThan(100);
    expect(today!.heatingMs).toBeGreaterThan(0);
    clock.advance(24 * 60 * MIN); // the next local day: its first tick sends the day before
    await eventually(async () => (await eventsOfType(h.storage.db, "heating.energy.rolled-up")).length === 1);
    clock.advance(MIN);
    await eventually(async () => (await room()).updatedAt >= clock.now());
    const sent = await eventsOfType(h.storage.db, "heating.energy.rolled-up");
    expect(sent.map((e) => e.envelope.data)).toMatchObject([
      { roomName: "Living room", day: "2026-01-12", kwh: Math.round(today!.wh) / 1000 },
    ]);
    expect([laneOf("heating.energy.rolled-up"), laneOf("heating.heater.switched")]).toEqual(["bulk", "bulk"]);
  });
});
