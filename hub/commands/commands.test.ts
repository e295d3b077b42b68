import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../shared/clock/index.ts";
import { type Command, decodePayload, deviceTopic, encodePayload } from "../../shared/protocol/index.ts";
import type { HubConfig } from "../hub.ts";
import {
  connectPaired,
  connectRaw,
  deviceInput,
  eventually,
  fridgeInput,
  getJson,
  sendJson,
  startTestHub,
  type TestHub,
} from "../testing.ts";

interface CommandView {
  id: string;
  name: string;
  args: Record<string, unknown>;
  status: string;
  attempts: number;
  ackStatus: string | null;
  result: Record<string, unknown> | null;
  message: string | null;
}

const hubs: TestHub[] = [];
async function hub(opts: Partial<HubConfig> = {}): Promise<TestHub> {
  const h = await startTestHub(opts);
  hubs.push(h);
  return h;
}
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((h) => h.destroy()));
});

const send = (h: TestHub, deviceId: string, body: unknown) =>
  sendJson<CommandView>("POST", `${h.httpUrl}/api/devices/${deviceId}/commands`, body, h);
const command = async (h: TestHub, deviceId: string, id: string) =>
  (await getJson<CommandView>(`${h.httpUrl}/api/devices/${deviceId}/commands/${id}`, h)).body;

describe("commands hub → device", () => {
  it("waits for an offline device, delivers on connect, and completes on the device's acknowledgement", async () => {
    const h = await hub();
    const paired = await h.pair(deviceInput("HEATER"));
    const queued = await send(h, paired.id, { name: "switch", args: { on: true }, expiresInSeconds: 60 });
    expect(queued.status).toBe(201);
    expect(queued.body).toMatchObject({ status: "QUEUED", attempts: 0 });

    const received: Command[] = [];
    const heater = await connectPaired(h, paired, {
      onCommand: (c) => {
        received.push(c);
        return { status: "ok", result: { relay: true } };
      },
    });
    await eventually(async () => (await command(h, paired.id, queued.body.id)).status === "ACKNOWLEDGED");
    expect(received).toEqual([
      expect.objectContaining({ id: queued.body.id, name: "switch", args: { on: true } }),
    ]);
    expect(await command(h, paired.id, queued.body.id)).toMatchObject({
      attempts: 1,
      ackStatus: "ok",
      result: { relay: true },
    });
    const list = await getJson<{ commands: CommandView[] }>(
      `${h.httpUrl}/api/devices/${paired.id}/commands`,
      h,
    );
    expect(list.body.commands.map((c) => c.id)).toEqual([queued.body.id]);
    await heater.close();
  });

  it("never delivers a command that expired while the device was away", async () => {
    const clock = new ManualClock(Date.UTC(2026, 5, 1));
    const h = await hub({ clock });
    const paired = await h.pair(fridgeInput());
    const stale = await send(h, paired.id, { name: "start-defrost", expiresInSeconds: 60 });
    clock.advance(61_000);
    const fresh = await send(h, paired.id, { name: "ping" });

    const received: string[] = [];
    const fridge = await connectPaired(h, paired, {
      onCommand: (c) => {
        received.push(c.name);
        return { status: "ok" };
      },
    });
    await eventually(async () => (await command(h, paired.id, fresh.body.id)).status === "ACKNOWLEDGED");
    expect(received).toEqual(["ping"]);
    expect((await command(h, paired.id, stale.body.id)).status).toBe("EXPIRED");
    await fridge.close();
  });

  it("redelivers an unacknowledged command until the device acknowledges it, then stops", async () => {
    const h = await hub({ commands: { redeliverMs: 150, sweepMs: 50 } });
    const paired = await h.pair(deviceInput("CONTROLLER"));
    const client = await connectRaw(h, paired);
    const deliveries: Command[] = [];
    client.on("message", (_t, payload) => deliveries.push(decodePayload(payload) as Command));
    await client.subscribeAsync(deviceTopic(paired.id, "cmd"), { qos: 1 });

    const { body } = await send(h, paired.id, { name: "identify", args: { seconds: 5 } });
    await eventually(() => deliveries.length >= 2);
    expect(new Set(deliveries.map((d) => d.id))).toEqual(new Set([body.id]));
    expect(deliveries[0]).toMatchObject({ name: "identify", args: { seconds: 5 } });

    const ack = encodePayload({ id: body.id, status: "ok" });
    await client.publishAsync(deviceTopic(paired.id, "ack"), Buffer.from(ack), { qos: 1 });
    // PUBACK means committed: the command is acknowledged now, and a repeated ack changes nothing.
    expect((await command(h, paired.id, body.id)).status).toBe("ACKNOWLEDGED");
    await client.publishAsync(deviceTopic(paired.id, "ack"), Buffer.from(ack), { qos: 1 });
    const count = deliveries.length;
    // Proof that redelivery sweeps ran since: a second, unacknowledged command is sent again. The
    // same sweeps would have sent the acknowledged one again if it were still open.
    const probe = await send(h, paired.id, { name: "identify", args: { seconds: 1 } });
    await eventually(() => deliveries.filter((d) => d.id === probe.body.id).length >= 2);
    expect(deliveries.filter((d) => d.id === body.id).length).toBe(count);
    expect((await command(h, paired.id, body.id)).attempts).toBe(count);
    await client.endAsync();
  });

  it("records a failure the device reports, and refuses an ack for another device's command", async () => {
    const h = await hub();
    const heaterPaired = await h.pair(deviceInput("HEATER"));
    const other = await h.pair(deviceInput("HEATER"));
    const heater = await connectPaired(h, heaterPaired, {
      onCommand: () => ({ status: "failed", message: "relay stuck" }),
    });
    const { body } = await send(h, heaterPaired.id, { name: "switch", args: { on: false } });
    await eventually(async () => (await command(h, heaterPaired.id, body.id)).status === "FAILED");
    expect(await command(h, heaterPaired.id, body.id)).toMatchObject({
      ackStatus: "failed",
      message: "relay stuck",
    });

    const intruder = await connectPaired(h, other);
    await intruder.publish("ack", { id: body.id, status: "ok" });
    expect(h.metrics.rejectedCount("unknown_command")).toBe(1);
    expect((await command(h, heaterPaired.id, body.id)).status).toBe("FAILED");
    await Promise.all([heater.close(), intruder.close()]);
  });

  it("refuses unknown names, commands the kind does not take, and bad arguments", async () => {
    const h = await hub();
    const fridge = await h.pair(fridgeInput());
    expect((await send(h, fridge.id, { name: "self-destruct" })).status).toBe(400);
    expect((await send(h, fridge.id, { name: "switch", args: { on: true } })).status).toBe(400);
    expect((await send(h, fridge.id, { name: "set-setpoint", args: { celsius: "cold" } })).status).toBe(400);
    expect((await send(h, "dev-unknown0000", { name: "ping" })).status).toBe(404);
    const ok = await send(h, fridge.id, { name: "set-setpoint", args: { celsius: 3 } });
    expect(ok.status).toBe(201);
  });

  it("speaks JSON to a device that speaks JSON", async () => {
    const h = await hub();
    const paired = await h.pair(deviceInput("HEATER"));
    const heater = await connectPaired(h, paired, { encoding: "json", onCommand: () => ({ status: "ok" }) });
    const firstBytes: number[] = [];
    heater.mqtt.on("message", (_t, payload) => firstBytes.push(payload[0]!));
    await eventually(
      async () =>
        (await getJson<{ encoding: string }>(`${h.httpUrl}/api/devices/${paired.id}`, h)).body.encoding ===
        "json",
    );
    const { body } = await send(h, paired.id, { name: "ping" });
    await eventually(async () => (await command(h, paired.id, body.id)).status === "ACKNOWLEDGED");
    expect(firstBytes).toEqual([0x7b]);
    await heater.close();
  });

  it("keeps queued commands across a hub restart", async () => {
    let h = await startTestHub();
    const paired = await h.pair(deviceInput("HEATER"));
    const { body } = await send(h, paired.id, { name: "reboot" });
    h = await h.restart();
    hubs.push(h);
    const names: string[] = [];
    const heater = await connectPaired(h, paired, {
      onCommand: (c) => {
        names.push(c.name);
        return { status: "ok" };
      },
    });
    await eventually(async () => (await command(h, paired.id, body.id)).status === "ACKNOWLEDGED");
    expect(names).toEqual(["reboot"]);
    await heater.close();
  });
});
