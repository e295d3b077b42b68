/** Drives a FridgeModel in (sped-up) real time and publishes its telemetry through the SDK. */
import type { DeviceClient } from "../sdk/index.ts";
import { FREEZER, FRIDGE, FridgeModel } from "./fridge-model.ts";

export interface FridgeSimOptions {
  kind: "FRIDGE" | "FREEZER";
  /** Real milliseconds between readings. */
  intervalMs: number;
  /** Simulated seconds per real second. */
  speed: number;
  /** Real milliseconds after which the compressor fails; undefined for a healthy unit. */
  faultAfterMs?: number;
  onError?: (err: unknown) => void;
}

export interface RunningSim {
  model: FridgeModel;
  stop(): void;
}

export function runFridge(device: DeviceClient, opts: FridgeSimOptions): RunningSim {
  const model = new FridgeModel(opts.kind === "FREEZER" ? FREEZER : FRIDGE);
  // Start somewhere inside the band so several units do not cycle in lock step.
  model.temperature += (Math.random() - 0.5) * model.temperature * 0.1;
  const started = Date.now();
  const timer = setInterval(() => {
    model.step((opts.intervalMs / 1000) * opts.speed);
    if (opts.faultAfterMs !== undefined && Date.now() - started >= opts.faultAfterMs) model.failed = true;
    device.publishTelemetry(model.reading(Date.now())).catch((err) => opts.onError?.(err));
  }, opts.intervalMs);
  return { model, stop: () => clearInterval(timer) };
}
