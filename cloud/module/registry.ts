/**
 * Builds a module list into running modules: each module's dependencies once (on first use, so modules may
 * call each other's services), its routes, its consumers bound to its dependencies, its cron work and outbox.
 */
import type { Hono } from "hono";
import type { Clock } from "../../shared/clock/index.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import type { PayableResolver } from "../billing/payables.ts";
import type { EventBus } from "../bus/index.ts";
import type { Config } from "../config/index.ts";
import type { CloudDb } from "../db/index.ts";
import { flushOutbox } from "../events/index.ts";
import type { AppEnv } from "../http/index.ts";
import type {
  AnalyticsRecorder,
  AnyCloudModule,
  BoundAnalytics,
  BoundNotifications,
  BoundProducer,
  CloudModule,
  CloudServices,
  FactContext,
  HttpContext,
  ModuleContext,
  PlatformServices,
} from "./index.ts";

export interface ModuleRuntime {
  config: Config;
  clock: Clock;
  bus: EventBus;
  platform: PlatformServices;
  /** The database of each module that declares one, by binding. */
  // biome-ignore lint/suspicious/noExplicitAny: each module narrows it to its own schema
  databases: Record<string, CloudDb<any>>;
}

/** A consumer bound to its module's dependencies. */
export interface BoundConsumer {
  module: string;
  name: string;
  patterns: readonly string[];
  handle(event: EventEnvelope): Promise<void>;
}

export interface Modules {
  readonly list: readonly AnyCloudModule[];
  /** A module's dependencies, typed by its manifest (tests and the edge). */
  depsOf<D>(module: CloudModule<D, string>): D;
  service<K extends keyof CloudServices>(name: K): CloudServices[K];
  routes(http: HttpContext): Hono<AppEnv>[];
  consumers(): BoundConsumer[];
  /** Runs every module's cron work and flushes every outbox; answers the counts by module. */
  scheduled(): Promise<Record<string, Record<string, number>>>;
}

export function buildModules(list: readonly AnyCloudModule[], runtime: ModuleRuntime): Modules {
  const names = new Set<string>();
  for (const m of list) {
    if (names.has(m.name)) throw new Error(`cloud module ${m.name} is listed twice`);
    names.add(m.name);
  }
  const built = new Map<string, unknown>();
  const building = new Set<string>();
  const services = new Map<string, object>();

  const depsOf = (module: AnyCloudModule): unknown => {
    if (built.has(module.name)) return built.get(module.name);
    if (building.has(module.name))
      throw new Error(`cloud module ${module.name} needs itself while being built`);
    building.add(module.name);
    try {
      const deps = module.deps(contextFor(module));
      built.set(module.name, deps);
      return deps;
    } finally {
      building.delete(module.name);
    }
  };

  const byName = (name: string): AnyCloudModule => {
    const found = list.find((m) => m.name === name);
    if (!found) throw new Error(`no cloud module ${name} is listed`);
    return found;
  };

  const service = <K extends keyof CloudServices>(name: K): CloudServices[K] => {
    let found = services.get(name);
    if (!found) {
      const module = byName(name);
      if (!module.services) throw new Error(`cloud module ${name} offers no services`);
      found = module.services(depsOf(module));
      services.set(name, found);
    }
    return found as CloudServices[K];
  };

  const desiredState = (): BoundProducer[] =>
    list.flatMap((m) =>
      (m.desiredState ?? []).map((p) => ({
        module: m.name,
        section: p.section,
        version: p.version,
        produce: (siteId: string) => p.produce(depsOf(m), siteId),
      })),
    );

  // Built once, on first use (every module's deps must exist by then), not on every payment or queue batch.
  let payableList: PayableResolver[] | undefined;
  const payables = (): PayableResolver[] =>
    (payableList ??= list.flatMap((m) => m.payables?.(depsOf(m), runtime.config) ?? []));
  let consumerList: BoundConsumer[] | undefined;
  const consumers = (): BoundConsumer[] =>
    (consumerList ??= [
      ...list.flatMap((m) =>
        (m.consumers ?? []).map((c) => ({
          module: m.name,
          name: c.name,
          patterns: c.patterns,
          handle: (event: EventEnvelope) => c.handle(event, depsOf(m)),
        })),
      ),
      ...analyticsConsumers(),
    ]);
  // A module's analytics manifest becomes a consumer of its patterns whose facts the analytics module applies
  // once per event (when an analytics module is listed); the module never touches the analytics database.
  const analyticsConsumers = (): BoundConsumer[] => {
    const analytics = list.find((m) => m.name === "analytics");
    if (!analytics?.services) return [];
    const recorder = () => service("analytics" as keyof CloudServices) as unknown as AnalyticsRecorder;
    return list.flatMap((m) => {
      const a = m.analytics;
      if (!a) return [];
      const name = `analytics.${m.name}`;
      return [
        {
          module: "analytics",
          name,
          patterns: a.patterns,
          handle: (event: EventEnvelope) =>
            recorder().record(name, event, (ctx) => a.facts(event, ctx, depsOf(m))),
        },
      ];
    });
  };

  const notificationSources = (): BoundNotifications[] =>
    list.flatMap((m) => {
      const n = m.notifications;
      if (!n) return [];
      return [
        {
          module: m.name,
          categories: n.categories,
          describers: n.describers,
          audience: async (event: EventEnvelope) => (n.audience ? n.audience(event, depsOf(m)) : null),
        },
      ];
    });
  const analyticsSources = (): BoundAnalytics[] =>
    list.flatMap((m) => {
      const a = m.analytics;
      if (!a) return [];
      return [
        {
          module: m.name,
          metrics: a.metrics,
          patterns: a.patterns,
          facts: (event: EventEnvelope, ctx: FactContext) => a.facts(event, ctx, depsOf(m)),
        },
      ];
    });

  function contextFor(module: AnyCloudModule): ModuleContext {
    const binding = module.database?.binding;
    const db = binding ? runtime.databases[binding] : undefined;
    if (binding && !db) throw new Error(`cloud module ${module.name}: no database bound as ${binding}`);
    return {
      config: runtime.config,
      clock: runtime.clock,
      bus: runtime.bus,
      platform: runtime.platform,
      // A module without a database gets a value that fails loudly on use.
      db: db ?? (noDatabase(module.name) as CloudDb),
      service,
      payables,
      desiredState,
      notificationSources,
      analyticsSources,
    };
  }

  return {
    list,
    depsOf: <D>(module: CloudModule<D, string>) => depsOf(byName(module.name)) as D,
    service,
    routes: (http) => list.flatMap((m) => m.routes?.(depsOf(m), http) ?? []),
    consumers,
    async scheduled() {
      const counts: Record<string, Record<string, number>> = {};
      for (const m of list) {
        // One module's failure does not keep the others' housekeeping from running.
        try {
          const done = { ...(m.scheduled ? await m.scheduled(depsOf(m)) : {}) };
          const db = m.database ? runtime.databases[m.database.binding] : undefined;
          if (m.outbox && db) done.eventsPublished = await flushOutbox({ ...runtime, db, table: m.outbox });
          if (Object.keys(done).length > 0) counts[m.name] = done;
        } catch (err) {
          counts[m.name] = { failed: 1 };
          console.error(
            JSON.stringify({
              level: "error",
              message: "scheduled work failed",
              module: m.name,
              error: String(err),
            }),
          );
        }
      }
      return counts;
    },
  };
}

function noDatabase(module: string): unknown {
  return new Proxy(
    {},
    {
      get() {
        throw new Error(`cloud module ${module} declares no database`);
      },
    },
  );
}
