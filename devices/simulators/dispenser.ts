/**
 * An ESP32-style dispenser: slots with counts, a camera that scans a QR code (its own scan id per scan),
 * jam and empty faults, and a display showing the hub's answer. Commands run through the SDK's runner, so
 * a redelivered `dispense` (same command id) is answered again and never dispensed twice; `answeredFile`
 * keeps that true across the device's own restart.
 */
import type { Command } from "../../shared/protocol/index.ts";
import { type CommandOutcome, connectDevice, type DeviceClient } from "../sdk/index.ts";

export interface DispenserSimOptions {
  url: string;
  deviceId: string;
  secret: string;
  /** Slot number → items in it. */
  slots: Record<number, number>;
  answeredFile?: string;
  encoding?: "cbor" | "json";
  /** Runs after the motor and before the ack is sent (a test holds the ack here to crash the hub in between). */
  beforeAck?: (command: Command) => Promise<void>;
  /** Where physical dispenses are recorded (shared across a simulated reboot); a fresh list by default. */
  dispensed?: DispenserSim["dispensed"];
}

export type DispenserFault = "jammed" | null;

export class DispenserSim {
  readonly slots: Map<number, number>;
  /** What physically came out, one entry per motor run (the test's "exactly one dispense"). */
  dispensed: { commandId: string; orderId: string; items: { slot: number; quantity: number }[] }[] = [];
  readonly refusals: { scanId: string; reason: string }[] = [];
  fault: DispenserFault = null;
  display = "Ready";
  client!: DeviceClient;
  private scans = 0;

  constructor(slots: Record<number, number>, dispensed?: DispenserSim["dispensed"]) {
    this.slots = new Map(Object.entries(slots).map(([k, v]) => [Number(k), v]));
    if (dispensed) this.dispensed = dispensed;
  }

  static async connect(opts: DispenserSimOptions): Promise<DispenserSim> {
    const sim = new DispenserSim(opts.slots, opts.dispensed);
    sim.client = await connectDevice({
      url: opts.url,
      deviceId: opts.deviceId,
      secret: opts.secret,
      birth: { kind: "DISPENSER", model: "SIM-D1", firmware: "1.0.0", capabilities: ["qr", "slots"] },
      reconnectPeriod: 0,
      encoding: opts.encoding,
      answeredFile: opts.answeredFile,
      onCommand: async (c) => {
        const outcome = sim.run(c);
        await opts.beforeAck?.(c);
        return outcome;
      },
    });
    await sim.publishState();
    return sim;
  }

  /** The camera read a code: publish it with a fresh scan id (or a given one, as a retried publish would). */
  async scan(code: string, scanId = `${Date.now().toString(36)}-${++this.scans}`): Promise<string> {
    await this.client.publishEvent({ name: "scan", data: { scanId, code } });
    return scanId;
  }

  run(command: Command): CommandOutcome {
    if (command.name === "refuse") {
      const { scanId, reason } = command.args as { scanId: string; reason: string };
      this.refusals.push({ scanId, reason });
      this.display = `Refused: ${reason}`;
      return { status: "ok" };
    }
    if (command.name !== "dispense") return { status: "ok" };
    const { orderId, items } = command.args as {
      orderId: string;
      items: { slot: number; quantity: number }[];
    };
    if (this.fault === "jammed") {
      this.display = "Jammed";
      return { status: "failed", message: "motor jammed", result: { outcome: "jammed" } };
    }
    if (items.some((i) => (this.slots.get(i.slot) ?? 0) < i.quantity)) {
      this.display = "Empty";
      return { status: "failed", message: "slot empty", result: { outcome: "empty" } };
    }
    for (const i of items) this.slots.set(i.slot, (this.slots.get(i.slot) ?? 0) - i.quantity);
    this.dispensed.push({ commandId: command.id, orderId, items });
    this.display = "Enjoy!";
    void this.publishState().catch(() => {});
    return { status: "ok", result: { outcome: "dispensed" } };
  }

  /** Retained state: each slot's count and the fault, if any. */
  publishState(): Promise<void> {
    const state: Record<string, number | string | null> = { fault: this.fault };
    for (const [slot, n] of this.slots) state[`slot${slot}`] = n;
    return this.client.publishState(state);
  }

  close(): Promise<void> {
    return this.client.close();
  }

  /** Power cut: the connection drops without a goodbye (the broker publishes the last will). */
  async powerOff(): Promise<void> {
    await this.client.mqtt.endAsync(true);
  }
}
