/** The device plane's view of the modules: event, acknowledgement and telemetry hooks by device kind. */
import type { DeviceKind } from "../../shared/protocol/index.ts";
import type { CommandAckHook, DeviceEventHook, DeviceKinds, HubModule, TelemetryClaim } from "./manifest.ts";

export interface DeviceHooks {
  /** Handlers of the event `name` from a device of `kind`, in module order. */
  events(kind: string, name: string): readonly DeviceEventHook[];
  acks(kind: string): readonly CommandAckHook[];
  /** The module that stores this kind's telemetry, if any. */
  telemetry(kind: string): TelemetryClaim | undefined;
}

const applies = (kinds: DeviceKinds, kind: string) =>
  kinds === "any" || (kinds as readonly string[]).includes(kind);

/** Indexes the modules' hooks; two modules claiming one kind's telemetry is a start-up error. */
export function deviceHooksOf(modules: readonly HubModule[]): DeviceHooks {
  const events = modules.flatMap((m) => m.deviceEvents ?? []);
  const acks = modules.flatMap((m) => m.commandAcks ?? []);
  const claims = new Map<string, { module: string; claim: TelemetryClaim }>();
  for (const m of modules) {
    for (const kind of m.telemetry?.kinds ?? []) {
      const other = claims.get(kind);
      if (other) throw new Error(`telemetry of ${kind} is claimed by both ${other.module} and ${m.name}`);
      claims.set(kind, { module: m.name, claim: m.telemetry! });
    }
  }
  // No cache keyed by event name: devices choose the names, and a few hooks filter in no time.
  return {
    events: (kind, name) => events.filter((h) => h.name === name && applies(h.kinds, kind)),
    acks: (kind) => acks.filter((h) => applies(h.kinds, kind)),
    telemetry: (kind) => claims.get(kind as DeviceKind)?.claim,
  };
}

/** No hooks: the device plane on its own (tests of the broker and ingest). */
export const NO_HOOKS: DeviceHooks = deviceHooksOf([]);
