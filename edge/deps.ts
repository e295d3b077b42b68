/** Builds everything the edge's handlers need from a platform (Workers bindings, or the Deno entry's). */
import { drizzle } from "drizzle-orm/d1";
import type { AccessTokenVerifier } from "../cloud/accounts/index.ts";
import type { PersonCalendars } from "../cloud/bookings/calendar.ts";
import type { EventBus } from "../cloud/bus/index.ts";
import type { CloudDb } from "../cloud/db/index.ts";
import type { AnyCloudModule, BlobStore, PlatformServices } from "../cloud/module/index.ts";
import { buildModules, type Modules } from "../cloud/module/registry.ts";
import { CLOUD_MODULES } from "../cloud/modules.ts";
import type { SendEmailBinding } from "../cloud/notifications/index.ts";
import type { SiteLedgers } from "../cloud/sites/index.ts";
import { type Clock, systemClock } from "../shared/clock/index.ts";
import { type Config, type Env, readConfig } from "./env.ts";
import { consoleLog, type LogSink } from "./middleware/request-log/index.ts";
import { durableCalendars } from "./person-calendar/client.ts";
import { type DeadLetters, queueDeadLetters } from "./queue/index.ts";
import { queueBus } from "./queue/queue-bus.ts";
import { r2Blobs } from "./r2-blobs.ts";
import {
  credentialLimiter,
  DEFAULT_RATE_LIMITS,
  durableRateLimits,
  type RateLimitConfig,
  type RateLimits,
} from "./rate-limit/index.ts";
import { durableLedgers } from "./site-ledger/client.ts";

export interface EdgeDeps {
  config: Config;
  clock: Clock;
  modules: Modules;
  verifier: AccessTokenVerifier;
  deadLetters: DeadLetters;
  rateLimits: RateLimits;
  rateLimitConfig: RateLimitConfig;
  log: LogSink;
}

/** What differs between runtimes: the databases and the stateful services behind small interfaces. */
export interface Platform {
  /** Each listed module's database, by its binding. */
  // biome-ignore lint/suspicious/noExplicitAny: each module narrows it to its own schema
  databases: Record<string, CloudDb<any>>;
  /** Where modules publish events for the queue consumers (Cloudflare Queues, or the Deno entry's queue). */
  bus: EventBus;
  ledgers: SiteLedgers;
  calendars: PersonCalendars;
  /** Stored files (photos). */
  blobs: BlobStore;
  deadLetters: DeadLetters;
  rateLimits: RateLimits;
  /** The Workers send_email binding, where the runtime has one. */
  emailBinding?: SendEmailBinding;
}

export interface DepsOverrides {
  clock?: Clock;
  log?: LogSink;
  /** The module list (default: cloud/modules.ts); tests add a throwaway module here. */
  modules?: readonly AnyCloudModule[];
}

/** The Worker's deps from its bindings. `overrides` let tests move time, capture logs and add modules. */
export function buildDeps(env: Env, overrides: DepsOverrides = {}): EdgeDeps {
  const config = readConfig(env);
  const clock = overrides.clock ?? systemClock;
  const modules = overrides.modules ?? CLOUD_MODULES;
  const bindings = env as unknown as Record<string, D1Database | undefined>;
  const databases: Platform["databases"] = {};
  for (const m of modules) {
    if (!m.database) continue;
    const d1 = bindings[m.database.binding];
    if (!d1) throw new Error(`the Worker has no D1 binding ${m.database.binding} (module ${m.name})`);
    databases[m.database.binding] = drizzle(d1, { schema: m.database.schema });
  }
  return createDeps(
    config,
    {
      databases,
      bus: queueBus(env.EVENTS_QUEUE),
      ledgers: durableLedgers(env.SITE_LEDGER),
      calendars: durableCalendars(env.PERSON_CALENDAR),
      blobs: r2Blobs(env.PHOTOS),
      deadLetters: queueDeadLetters(env.EVENTS_DLQ),
      rateLimits: durableRateLimits(env.RATE_LIMITER, clock),
      ...(env.EMAIL ? { emailBinding: env.EMAIL } : {}),
    },
    { ...overrides, clock, modules },
  );
}

/** Platform-neutral wiring: every runtime entry ends here. */
export function createDeps(config: Config, platform: Platform, overrides: DepsOverrides = {}): EdgeDeps {
  const clock = overrides.clock ?? systemClock;
  const rateLimitConfig: RateLimitConfig = {
    ...DEFAULT_RATE_LIMITS,
    apiPerToken: { limit: config.apiRateLimitPerMinute, windowMs: 60_000 },
  };
  const services: PlatformServices = {
    ledgers: platform.ledgers,
    calendars: platform.calendars,
    blobs: platform.blobs,
    credentials: credentialLimiter(platform.rateLimits, rateLimitConfig),
    ...(platform.emailBinding ? { emailBinding: platform.emailBinding } : {}),
  };
  const modules = buildModules(overrides.modules ?? CLOUD_MODULES, {
    config,
    clock,
    bus: platform.bus,
    platform: services,
    databases: platform.databases,
  });
  // Built now, so a bad configuration (a production mailer without its binding…) fails at start.
  for (const m of modules.list) modules.depsOf(m);
  return {
    config,
    clock,
    modules,
    verifier: modules.service("accounts").verifier,
    deadLetters: platform.deadLetters,
    rateLimits: platform.rateLimits,
    rateLimitConfig,
    // Test runs would drown in one line per request; tests that check the logs pass their own sink.
    log: overrides.log ?? (config.environment === "test" ? () => {} : consoleLog),
  };
}
