/** The device plane's view of the modules: event, acknowledgement and telemetry hooks by device kind. */
import type { EventEnvelope } from "../../shared/events/index.ts";
import { LOCAL_SITE } from "../identity.ts";
import type { IngestContext } from "../ingest/context.ts";
import type {
  CommandAckHook,
  DeviceEventHook,
  DeviceHookContext,
  DeviceKinds,
  HubModule,
  TelemetryClaim,
} from "./manifest.ts";

/** The hooks as ingest calls them: with ingest's context, each given its own module's event source. */
type Bound<H> = {
  [K in keyof H]: H[K] extends (ctx: DeviceHookContext, ...rest: infer A) => infer R
    ? (ctx: IngestContext, ...rest: A) => R
    : H[K];
};

export interface DeviceHooks {
  /** Handlers of the event `name` from a device of `kind`, in module order. */
  events(kind: string, name: string): readonly Bound<DeviceEventHook>[];
  acks(kind: string): readonly Bound<CommandAckHook>[];
  /** The module that stores this kind's telemetry, if any. */
  telemetry(kind: string): Bound<TelemetryClaim> | undefined;
}

type Source = (module: HubModule["name"]) => EventEnvelope["source"];

function bind<H extends { handle: (ctx: DeviceHookContext, msg: never) => unknown }>(
  hook: H,
  module: HubModule,
  sourceOf: Source,
): Bound<H> {
  const source = () => sourceOf(module.name);
  // One hook context per ingest context (there is one per device plane), not one per message.
  const contexts = new WeakMap<IngestContext, DeviceHookContext>();
  const contextOf = (ctx: IngestContext) => {
    let bound = contexts.get(ctx);
    if (!bound) {
      bound = { ...ctx, source };
      contexts.set(ctx, bound);
    }
    return bound;
  };
  return {
    ...hook,
    handle: (ctx: IngestContext, msg: never) => hook.handle(contextOf(ctx), msg),
  } as Bound<H>;
}

const applies = (kinds: DeviceKinds, kind: string) =>
  kinds === "any" || (kinds as readonly string[]).includes(kind);

/** Indexes the modules' hooks; two modules claiming one kind's telemetry is a start-up error. */
export function deviceHooksOf(modules: readonly HubModule[], sourceOf: Source = noSource): DeviceHooks {
  const events = modules.flatMap((m) => (m.deviceEvents ?? []).map((h) => bind(h, m, sourceOf)));
  const acks = modules.flatMap((m) => (m.commandAcks ?? []).map((h) => bind(h, m, sourceOf)));
  const claims = new Map<string, { module: string; claim: Bound<TelemetryClaim> }>();
  for (const m of modules) {
    if (!m.telemetry) continue;
    const claim = bind(m.telemetry, m, sourceOf);
    for (const kind of m.telemetry.kinds) {
      const other = claims.get(kind);
      if (other) throw new Error(`telemetry of ${kind} is claimed by both ${other.module} and ${m.name}`);
      claims.set(kind, { module: m.name, claim });
    }
  }
  // No cache keyed by event name: devices choose the names, and a few hooks filter in no time.
  return {
    events: (kind, name) => events.filter((h) => h.name === name && applies(h.kinds, kind)),
    acks: (kind) => acks.filter((h) => applies(h.kinds, kind)),
    telemetry: (kind) => claims.get(kind)?.claim,
  };
}

/** Without a hub (checks of the module list): events would say they come from no site. */
const noSource: Source = (module) => ({ siteId: LOCAL_SITE, module });

/** No hooks: the device plane on its own (tests of the broker and ingest). */
export const NO_HOOKS: DeviceHooks = deviceHooksOf([]);
