/**
 * A heated room for simulations: the room's thermal model, a heater with a relay and its power draw (it
 * answers `switch` and reports its retained state), a room sensor and an energy meter. Driven step by step
 * (`step(ms, at)`), so a test moves it on a ManualClock and the demo on a real timer.
 */
import { RoomModel, type RoomModelOptions } from "../../shared/heating/room-model.ts";
import type { Command } from "../../shared/protocol/index.ts";
import type { CommandOutcome, DeviceClient } from "../sdk/index.ts";

export interface HeatingRoomDevices {
  heater: DeviceClient;
  sensor: DeviceClient;
  meter?: DeviceClient;
}

export class HeatingRoomSim {
  readonly model: RoomModel;
  /** The heater's relay, as the heater knows it (lost when it loses power: `powerCycle()`). */
  relayOn = false;
  /** Rated power of the heater, W. */
  readonly ratedW: number;
  /** A broken heater: the relay clicks, nothing heats. */
  broken = false;
  switches = 0;

  constructor(opts: { room?: RoomModelOptions; ratedW?: number } = {}) {
    this.model = new RoomModel(opts.room);
    this.ratedW = opts.ratedW ?? 1500;
  }

  /** What the heater does with a command (devices/PROTOCOL.md, Room heating). */
  command(c: Command): CommandOutcome {
    switch (c.name) {
      case "switch":
        if (this.relayOn !== Boolean(c.args.on)) this.switches++;
        this.relayOn = Boolean(c.args.on);
        return { status: "ok", result: { on: this.relayOn } };
      case "ping":
      case "identify":
        return { status: "ok" };
      default:
        return { status: "rejected", message: `a heater does not ${c.name}` };
    }
  }

  /** The heater lost power: it comes back with its relay off (and waits to be told). */
  powerCycle(): void {
    this.relayOn = false;
  }

  get powerW(): number {
    return this.relayOn ? this.ratedW : 0;
  }

  /** Advances the room by `ms` with the heater as it is. */
  step(ms: number): number {
    return this.model.step(ms, this.relayOn && !this.broken ? 1 : 0);
  }

  /** Wires the heater's commands (answering and publishing its state after each). */
  async attach(d: HeatingRoomDevices): Promise<void> {
    await d.heater.handleCommands(async (c) => {
      const out = this.command(c);
      await d.heater.publishState({ on: this.relayOn });
      return out;
    });
  }

  /** Publishes the sensor's reading and the meter's power (QoS 1: resolved once the hub has them). */
  async publish(d: HeatingRoomDevices, at: number): Promise<void> {
    const temperature = Math.round(this.model.c * 100) / 100;
    await d.sensor.publish("telemetry", { ts: at, temperature, humidity: 45 });
    if (d.meter) await d.meter.publish("telemetry", { ts: at, powerW: this.powerW });
  }
}
