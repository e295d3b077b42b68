/** The hub module contract (manifest, routes, hooks, timers) and the helpers the hub composes modules with. */
import { coreSections } from "../desired-state/registry.ts";
import type { HubSection } from "../desired-state/section.ts";
import { deviceHooksOf } from "./hooks.ts";
import type { HubModule, HubModuleContext, HubTimer, RemoteActionHandler } from "./manifest.ts";
import type { ModuleRoutes } from "./routes.ts";

export { type DeviceHooks, deviceHooksOf, NO_HOOKS } from "./hooks.ts";
export {
  type CommandAckHook,
  type DeviceEventHook,
  type DeviceHookContext,
  type DeviceKinds,
  defineHubModule,
  defineRemoteAction,
  type HubModule,
  type HubModuleContext,
  type HubTimer,
  type ModuleSettings,
  type RemoteActionContext,
  type RemoteActionHandler,
  type TelemetryClaim,
} from "./manifest.ts";
export { allow, type ModuleRoutes, moduleRoutes } from "./routes.ts";
export { type RunningTimers, startTimers } from "./timers.ts";

/**
 * The hub's own sections, then each module's, in module order. A section may come at several schema
 * versions; a (name, version) declared twice is a start-up error.
 */
export function sectionsOf(modules: readonly HubModule[]): readonly HubSection[] {
  const all = [...coreSections(), ...modules.flatMap((m) => m.sections ?? [])];
  unique(
    all.map((s) => `${s.name}@${s.version}`),
    "desired-state section",
  );
  return all;
}

/** Remote action handlers by kind, with the module that registered each; one handler per kind. */
export function remoteActionsOf(
  modules: readonly HubModule[],
): ReadonlyMap<string, { module: HubModule; handler: RemoteActionHandler }> {
  const byKind = new Map<string, { module: HubModule; handler: RemoteActionHandler }>();
  for (const module of modules) {
    for (const handler of module.remoteActions ?? []) {
      if (byKind.has(handler.kind)) throw new Error(`remote action ${handler.kind} is registered twice`);
      byKind.set(handler.kind, { module, handler });
    }
  }
  return byKind;
}

/** Module names are event sources and folders: each once; one telemetry claim per device kind. */
export function checkModules(modules: readonly HubModule[]): void {
  deviceHooksOf(modules);
  unique(
    modules.map((m) => m.name),
    "module",
  );
}

function unique(names: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new Error(`${what} ${n} is declared twice`);
    seen.add(n);
  }
}

/** What each module brings once the hub runs: its routes (sub-apps), outbox producers and timers, built from its context. */
export function runtimePartsOf(
  modules: readonly HubModule[],
  contextOf: (module: HubModule) => HubModuleContext,
): {
  routes: ModuleRoutes[];
  producers: (() => Promise<unknown>)[];
  timers: { module: string; timer: HubTimer }[];
} {
  const parts = {
    routes: [] as ModuleRoutes[],
    producers: [] as (() => Promise<unknown>)[],
    timers: [] as { module: string; timer: HubTimer }[],
  };
  for (const m of modules) {
    const ctx = contextOf(m);
    const routes = m.routes?.(ctx);
    if (routes) parts.routes.push(routes);
    parts.producers.push(...(m.outboxProducers?.(ctx) ?? []));
    for (const timer of m.timers?.(ctx) ?? []) parts.timers.push({ module: m.name, timer });
  }
  return parts;
}
