/**
 * The heating demo for `npm start`: a home with three rooms (living room, bedroom, kitchen) next to the demo
 * shop, on the same hub: a heater, a room sensor and an energy meter per room, paired once; the rooms and a
 * week schedule set up in the cloud as the owner would (sent to the hub in desired state); simulated rooms
 * running ten times faster than the clock, the kitchen's window opening for a while.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { connectDevice, type DeviceClient } from "../../devices/sdk/index.ts";
import { HeatingRoomSim } from "../../devices/simulators/heating.ts";
import { defaultRoomSettings } from "../../shared/heating/defaults.ts";
import type { DeviceKind } from "../../shared/protocol/index.ts";
import type { CloudClient } from "../cloud-client.ts";

const ROOMS = [
  { name: "Living room", startC: 18, ratedW: 1500 },
  { name: "Bedroom", startC: 16, ratedW: 1000 },
  { name: "Kitchen", startC: 19, ratedW: 1200, window: true },
] as const;
const ROLES = [
  ["HEATER", "radiator"],
  ["SENSOR", "sensor"],
  ["METER", "meter"],
] as const;
/** Simulated seconds per real second. */
const SPEED = 10;
const STEP_MS = 2000;

type Paired = { id: string; secret: string; kind: DeviceKind; room: string };

async function pairOnce(hubUrl: string, adminToken: string, file: string): Promise<Paired[]> {
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Paired[];
  const out: Paired[] = [];
  for (const room of ROOMS)
    for (const [kind, word] of ROLES) {
      const res = await fetch(`${hubUrl}/api/devices`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${adminToken}` },
        body: JSON.stringify({ kind, name: `${room.name} ${word}` }),
      });
      if (res.status !== 201)
        throw new Error(`pairing ${room.name} ${word} failed: ${res.status} ${await res.text()}`);
      const p = (await res.json()) as { id: string; secret: string };
      out.push({ id: p.id, secret: p.secret, kind, room: room.name });
    }
  writeFileSync(file, JSON.stringify(out, null, 2), { mode: 0o600 });
  return out;
}

export async function startHeatingDemo(opts: {
  owner: CloudClient;
  siteId: string;
  hub: { httpUrl: string; mqttUrl: string; adminToken(): Promise<string> };
  file: string;
  onError: (err: unknown) => void;
}): Promise<{ summary: string; stop(): Promise<void> }> {
  const paired = await pairOnce(opts.hub.httpUrl, await opts.hub.adminToken(), opts.file);
  const existing = (await opts.owner.get(`/v1/sites/${opts.siteId}/heating/rooms`)) as {
    rooms: { name: string }[];
  };
  for (const room of ROOMS) {
    if (existing.rooms.some((r) => r.name === room.name)) continue;
    const res = await opts.owner.raw("POST", `/v1/sites/${opts.siteId}/heating/rooms`, {
      name: room.name,
      space: "Home",
      settings: { ...defaultRoomSettings(), minOnMinutes: 3, minOffMinutes: 3 },
      devices: paired.filter((p) => p.room === room.name).map((p) => ({ deviceId: p.id, role: p.kind })),
    });
    if (!res.ok) throw new Error(`room ${room.name}: ${res.status} ${await res.text()}`);
  }
  const clients: DeviceClient[] = [];
  const timers: ReturnType<typeof setInterval>[] = [];
  const started = Date.now();
  for (const room of ROOMS) {
    const connect = async (kind: DeviceKind) => {
      const p = paired.find((d) => d.room === room.name && d.kind === kind)!;
      const c = await connectDevice({
        url: opts.hub.mqttUrl,
        deviceId: p.id,
        secret: p.secret,
        birth: { kind, model: `SIM-${kind}`, firmware: "1.0.0", capabilities: [] },
      });
      clients.push(c);
      return c;
    };
    const devices = {
      heater: await connect("HEATER"),
      sensor: await connect("SENSOR"),
      meter: await connect("METER"),
    };
    const sim = new HeatingRoomSim({
      room: { heatPerHour: 5, lossPerHour: 0.08, openLossPerHour: 1.5, outsideC: 2, startC: room.startC },
      ratedW: room.ratedW,
    });
    await sim.attach(devices);
    timers.push(
      setInterval(() => {
        const elapsed = Date.now() - started;
        // The kitchen's window opens after 4 minutes, for 3 (the thermostat pauses heating).
        if ("window" in room) sim.model.windowOpen = elapsed > 240_000 && elapsed < 420_000;
        sim.step(STEP_MS * SPEED);
        sim.publish(devices, Date.now()).catch(opts.onError);
      }, STEP_MS),
    );
  }
  return {
    summary: `Home: ${ROOMS.map((r) => r.name).join(", ")} (21 °C from 06:30, 17 °C from 22:00; the kitchen window opens after ~4 min)`,
    async stop() {
      for (const t of timers) clearInterval(t);
      await Promise.allSettled(clients.map((c) => c.close()));
    },
  };
}
