/** The broker under a flood of idle sockets from many addresses: paired devices still get in, the flood is shed. */
import { type Socket, connect as tcpConnect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { connectDevice, type DeviceClient } from "../../devices/sdk/index.ts";
import type { PairedDevice } from "../devices/index.ts";
import {
  authHeaders,
  connectFridge,
  eventually,
  fridgeInput,
  startTestHub,
  type TestHub,
} from "../testing.ts";
import { DEFAULT_LIMITS } from "./limits.ts";

/** Keeps `perAddress` idle sockets open from each address: each one closed is opened again at once. */
function idleFlood(port: number, addresses: string[], perAddress: number) {
  const live = new Set<Socket>();
  let stopped = false;
  let opened = 0;
  const open = (address: string) => {
    if (stopped) return;
    opened++;
    const s = tcpConnect({ port, host: "127.0.0.1", localAddress: address });
    live.add(s);
    s.on("error", () => {});
    s.once("close", () => {
      live.delete(s);
      // A breath between renewals, so the attack does not starve the test's own event loop.
      setTimeout(() => open(address), 10);
    });
  };
  for (const address of addresses) for (let i = 0; i < perAddress; i++) open(address);
  return {
    get opened() {
      return opened;
    },
    stop() {
      stopped = true;
      for (const s of live) s.destroy();
    },
  };
}

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function hub(): Promise<TestHub> {
  const h = await startTestHub();
  cleanup.push(() => h.destroy());
  return h;
}

function fridge(h: TestHub, paired: PairedDevice): Promise<DeviceClient> {
  return connectDevice({
    url: h.mqttUrl,
    deviceId: paired.id,
    secret: paired.secret,
    birth: { kind: "FRIDGE", model: "SIM-F1", firmware: "1.0.0", capabilities: ["temperature"] },
    // Reconnects on its own after a blip, as firmware does.
    reconnectPeriod: 250,
  });
}

// The attack of issue 18: 64 idle sockets from each of 8 loopback addresses, renewed as they go,
// the device's own address among them. Default limits: 256 pending slots, 64 per address.
const ADDRESSES = Array.from({ length: 8 }, (_, i) => `127.0.0.${i + 1}`);

describe("a flood of idle sockets", () => {
  it("admits a paired device reconnecting after a blip, and a paired one connecting for the first time", async () => {
    const h = await hub();
    const paired = await h.pair(fridgeInput());
    const device = await fridge(h, paired);
    cleanup.push(() => device.mqtt.endAsync(true));
    let reconnects = 0;
    device.mqtt.on("connect", () => reconnects++);

    const flood = idleFlood(h.mqttPort, ADDRESSES, 64);
    cleanup.push(() => flood.stop());
    // The flood wants 512 pending slots of 256: it is being shed.
    await eventually(() => h.metrics.rejectedCount("too_many_pending") > 0, 30_000);

    // A Wi-Fi blip: the socket drops, the device reconnects through the flood.
    device.mqtt.stream.destroy();
    await eventually(() => reconnects >= 1 && device.mqtt.connected, 5000);
    await device.publishTelemetry({ temperature: 3.5 });

    // Paired during the flood, never connected: known to the broker from its pairing (its CONNECT is
    // never shed), so it gets in within 5 s on its first connection.
    const pairedNow = await h.pair(fridgeInput());
    expect(h.devices.broker.isKnown(pairedNow.id)).toBe(true);
    const connecting = connectFridge(h, pairedNow);
    const fresh = await Promise.race([
      connecting,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("not admitted within 5 s")), 5000)),
    ]);
    cleanup.push(() => fresh.mqtt.endAsync(true));
    await fresh.publishTelemetry({ temperature: 4 });

    const rows = await h.storage.client.execute("select count(*) as n from readings");
    expect(rows.rows[0]!.n).toBe(2);
    // Shed, not piled up: never more unauthenticated sockets than the pending slots.
    expect(flood.opened).toBeGreaterThan(512);
    expect(h.devices.broker.openConnections()).toBeLessThanOrEqual(DEFAULT_LIMITS.maxPendingConnections + 2);

    // Revoked: no longer known, so its CONNECT is shed like a stranger's.
    const revoked = await fetch(`${h.httpUrl}/api/devices/${pairedNow.id}/revoke`, {
      method: "POST",
      headers: await authHeaders(h),
    });
    expect(revoked.status).toBeLessThan(300);
    await eventually(() => !h.devices.broker.isKnown(pairedNow.id), 5000);
  });
});
