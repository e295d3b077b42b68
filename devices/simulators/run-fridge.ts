/** Drives a FridgeModel in (sped-up) real time, publishes its telemetry and answers the hub's commands. */
import type { Command, MeasuringKind } from "../../shared/protocol/index.ts";
import type { CommandOutcome, DeviceClient } from "../sdk/index.ts";
import { FREEZER, FRIDGE, FridgeModel } from "./fridge-model.ts";

export interface FridgeSimOptions {
  kind: MeasuringKind;
  /** Real milliseconds between readings. */
  intervalMs: number;
  /** Simulated seconds per real second. */
  speed: number;
  /** Real milliseconds after which the compressor fails; undefined for a healthy unit. */
  faultAfterMs?: number;
  /** Real milliseconds after which the probe drops out, and for how long it stays silent. */
  dropout?: { afterMs: number; forMs: number };
  onError?: (err: unknown) => void;
}

export interface RunningSim {
  model: FridgeModel;
  stop(): void;
}

/** What the simulated unit does with each command it takes (see devices/PROTOCOL.md §5). */
export function fridgeCommand(model: FridgeModel, command: Command): CommandOutcome {
  switch (command.name) {
    case "ping":
    case "identify":
    case "reboot":
      return { status: "ok" };
    case "set-setpoint":
      model.setTemperature = Number(command.args.celsius);
      return { status: "ok", result: { setpoint: model.setTemperature } };
    case "start-defrost":
      model.defrostLeft = Number(command.args.minutes ?? 20) * 60;
      return { status: "ok", result: { defrostSeconds: model.defrostLeft } };
    default:
      return { status: "rejected", message: `a fridge does not ${command.name}` };
  }
}

export function runFridge(device: DeviceClient, opts: FridgeSimOptions): RunningSim {
  const model = new FridgeModel(opts.kind === "FREEZER" ? FREEZER : FRIDGE);
  // Start somewhere inside the band so several units do not cycle in lock step.
  model.temperature += (Math.random() - 0.5) * model.temperature * 0.1;
  const started = Date.now();
  let faultReported = false;
  const timer = setInterval(() => {
    model.step((opts.intervalMs / 1000) * opts.speed);
    const elapsed = Date.now() - started;
    if (opts.faultAfterMs !== undefined && elapsed >= opts.faultAfterMs) model.failed = true;
    const d = opts.dropout;
    model.sensorDropped = d !== undefined && elapsed >= d.afterMs && elapsed < d.afterMs + d.forMs;
    if (!model.sensorDropped)
      device.publishTelemetry(model.reading(Date.now())).catch((err) => opts.onError?.(err));
    if (model.failed && !faultReported) {
      faultReported = true;
      device
        .publishEvent({ ts: Date.now(), name: "fault", message: "compressor runs but does not cool" })
        .catch((err) => opts.onError?.(err));
    }
  }, opts.intervalMs);
  device.handleCommands((c) => fridgeCommand(model, c)).catch((err) => opts.onError?.(err));
  return { model, stop: () => clearInterval(timer) };
}
