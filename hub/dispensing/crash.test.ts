import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { DispenserSim } from "../../devices/simulators/index.ts";
import { commands, dispensingOrders } from "../db/index.ts";
import type { PairedDevice } from "../devices/index.ts";
import { eventually, startTestHub, type TestHub, tempDir } from "../testing.ts";

const FIXTURE = fileURLToPath(new URL("../durability-fixture.ts", import.meta.url));

let child: ChildProcess | undefined;
let restarted: TestHub | undefined;
const sims: DispenserSim[] = [];
afterEach(async () => {
  child?.kill("SIGKILL");
  await Promise.all(sims.map((s) => s.powerOff().catch(() => {})));
  await restarted?.destroy();
});

function startHubProcess(dataDir: string): Promise<{ httpUrl: string; mqttUrl: string; adminToken: string }> {
  child = spawn(process.execPath, [FIXTURE, dataDir], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child!.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.includes("\n")) resolve(JSON.parse(out.split("\n")[0]!));
    });
    child!.once("exit", (code) => reject(new Error(`hub process exited early (${code})`)));
  });
}

describe("kill -9 between spending a code and the dispenser's acknowledgement", () => {
  it("dispenses exactly once: the hub redelivers the command, the dispenser answers it as done", async () => {
    const dataDir = tempDir();
    const hub = await startHubProcess(dataDir);
    const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${hub.httpUrl}${path}`, {
        method,
        headers: { "content-type": "application/json", authorization: `Bearer ${hub.adminToken}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const product = await call<{ id: string }>("POST", "/api/dispensing/products", {
      name: "Water",
      priceMinor: 150,
      currency: "EUR",
    });
    const paired = await call<PairedDevice>("POST", "/api/devices", {
      kind: "DISPENSER",
      name: "Lobby dispenser",
    });
    await call("PUT", `/api/dispensing/dispensers/${paired.id}/slots`, {
      slots: [{ slot: 0, productId: product.id, capacity: 10 }],
    });
    await call("POST", "/api/dispensing/stock", {
      productId: product.id,
      delta: 5,
      reason: "restock",
      deviceId: paired.id,
      slot: 0,
    });
    const order = await call<{ id: string }>("POST", "/api/dispensing/orders", {
      items: [{ productId: product.id, quantity: 1 }],
    });
    const { code } = await call<{ code: { token: string } }>(
      "POST",
      `/api/dispensing/orders/${order.id}/pay`,
      { payment: "CASH" },
    );

    const physical: DispenserSim["dispensed"] = [];
    const answeredFile = join(dataDir, "dispenser-answered.json");
    let motorRan!: () => void;
    const ran = new Promise<void>((r) => (motorRan = r));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const first = await DispenserSim.connect({
      url: hub.mqttUrl,
      deviceId: paired.id,
      secret: paired.secret,
      slots: { 0: 5 },
      answeredFile,
      dispensed: physical,
      beforeAck: async (c) => {
        if (c.name !== "dispense") return;
        motorRan();
        await held;
      },
    });
    sims.push(first);
    await first.scan(code.token);
    // The code is spent and the motor ran; the ack is held. Now the hub dies.
    await ran;
    const exited = new Promise((r) => child!.once("exit", r));
    child!.kill("SIGKILL");
    await exited;
    child = undefined;
    release();
    await first.powerOff();

    restarted = await startTestHub({ dataDir });
    const again = await DispenserSim.connect({
      url: restarted.mqttUrl,
      deviceId: paired.id,
      secret: paired.secret,
      slots: { 0: 4 },
      answeredFile,
      dispensed: physical,
    });
    sims.push(again);
    const db = restarted.storage.db;
    const done = await eventually(async () => {
      const [o] = await db.select().from(dispensingOrders).where(eq(dispensingOrders.id, order.id));
      return o?.status === "COMPLETED" ? o : undefined;
    }, 20_000);
    expect(done!.status).toBe("COMPLETED");
    expect(physical).toHaveLength(1);
    const sent = await db.select().from(commands).where(eq(commands.deviceId, paired.id));
    const dispense = sent.filter((c) => c.name === "dispense");
    expect(dispense).toHaveLength(1);
    expect(dispense[0]!.status).toBe("ACKNOWLEDGED");
    expect(dispense[0]!.attempts).toBeGreaterThanOrEqual(2);
  });
});
