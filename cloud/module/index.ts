/**
 * The cloud module contract: a module is its folder and a manifest (`cloud/<module>/module.ts`); the Worker
 * entry, the Deno entry, the test pool, `npm start` and the wrangler consistency test read one list of them
 * (`cloud/modules.ts`). Nothing outside the module's folder is edited to add it.
 */
import type { Hono } from "hono";
import type { Clock } from "../../shared/clock/index.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import type { AccessTokenVerifier } from "../accounts/tokens.ts";
import type { PayableResolver } from "../billing/payables.ts";
import type { EventBus } from "../bus/index.ts";
import type { Config } from "../config/index.ts";
import type { CloudDb } from "../db/index.ts";
import type { OutboxTable } from "../events/outbox.ts";
import type { AppEnv, RequireUser } from "../http/index.ts";
import type { FactContext, ModuleAnalytics, ModuleNotifications } from "./notifications.ts";
import type { PlatformServices } from "./platform.ts";

export type { BlobStore, StoredBlob } from "./blobs.ts";
export * from "./notifications.ts";
export type { PlatformServices } from "./platform.ts";

/** A module's own D1 database: the binding wrangler.toml declares and the folder of its checked-in migrations. */
export interface ModuleDatabase<B extends string = string> {
  /** `<MODULE>_DB`; the same name in both wrangler.toml blocks. */
  binding: B;
  /** wrangler's `database_name`. */
  name: string;
  /** Repository-relative, as wrangler.toml's `migrations_dir`. */
  migrations: string;
  /** The drizzle schema (`import * as schema from "./schema.ts"`). */
  schema: Record<string, unknown>;
}

/**
 * Other modules' public functions, by module name. Each module that offers some adds its entry from its own
 * folder (`declare module "../module/index.ts" { interface CloudServices { … } }`).
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging from each module's folder
export interface CloudServices {}

/** What a module's dependencies are built from, once per isolate. */
export interface ModuleContext {
  config: Config;
  clock: Clock;
  /** The module's own database (drizzle over D1 or libsql); a module without one must not touch it. */
  // biome-ignore lint/suspicious/noExplicitAny: each module narrows it to its own schema
  db: CloudDb<any>;
  bus: EventBus;
  platform: PlatformServices;
  /** Another module's public functions; call it inside closures (resolved lazily, so modules may use each other). */
  service<K extends keyof CloudServices>(name: K): CloudServices[K];
  /** Every module's payable resolvers (billing prices payments through them). */
  payables(): PayableResolver[];
  /** Every module's desired-state producers, bound to their own module's dependencies (sites serves them). */
  desiredState(): BoundProducer[];
  /** Every module's notification manifest, its audience bound to its own dependencies (notifications reads them). */
  notificationSources(): BoundNotifications[];
  /** Every module's analytics manifest, bound to its own dependencies (analytics reads them). */
  analyticsSources(): BoundAnalytics[];
}

export interface BoundNotifications extends Omit<ModuleNotifications<unknown>, "audience"> {
  module: string;
  audience(event: EventEnvelope): Promise<string[] | null>;
}

export interface BoundAnalytics extends Omit<ModuleAnalytics<unknown>, "facts"> {
  module: string;
  facts: (event: EventEnvelope, ctx: FactContext) => ReturnType<ModuleAnalytics<unknown>["facts"]>;
}

/** A producer bound to its module's dependencies. */
export interface BoundProducer {
  module: string;
  section: string;
  version: number;
  produce(siteId: string): Promise<unknown>;
}

/** What a module's routes get from the edge besides the module's own dependencies. */
export interface HttpContext {
  /** Admits requests with a verified access token, counted against the token's rate limit. */
  requireUser: RequireUser;
  verifyAccessToken: AccessTokenVerifier["verify"];
}

/** An event consumer: its name is its `processed_events` key and names it in dead letters. */
export interface EventConsumer<D> {
  /** `<module>.<purpose>`, stable: it keys the module's processed_events rows. */
  name: string;
  /** Dotted type patterns: `*` matches one segment, `#` any number of segments (none included). */
  patterns: readonly string[];
  handle(event: EventEnvelope, deps: D): Promise<void>;
}

/** One section of a site's desired-state document, produced from the module's own data. */
export interface DesiredStateProducer<D> {
  section: string;
  /** The section's schema version this producer writes. */
  version: number;
  produce(deps: D, siteId: string): Promise<unknown>;
}

export interface CloudModule<D = unknown, B extends string = string> {
  name: string;
  database?: ModuleDatabase<B>;
  /** Builds the module's dependencies (configuration, database, other modules' services). */
  deps(ctx: ModuleContext): D;
  /** Public functions other modules may call (see CloudServices). */
  services?(deps: D): object;
  routes?(deps: D, http: HttpContext): Hono<AppEnv>[];
  consumers?: readonly EventConsumer<D>[];
  /** Cron work; answers counts for the housekeeping log line. */
  scheduled?(deps: D): Promise<Record<string, number>>;
  /** The module's event outbox table: the edge publishes what waits there after writes and on every cron. */
  outbox?: OutboxTable;
  desiredState?: readonly DesiredStateProducer<D>[];
  /** What can be paid for in this module (billing never takes an amount from the client). */
  payables?(deps: D, config: Config): PayableResolver[];
  /** Texts, categories and audience of the module's own event types (see cloud/module/notifications.ts). */
  notifications?: ModuleNotifications<D>;
  /** Per-site per-day aggregates the module's events feed (see cloud/module/notifications.ts). */
  analytics?: ModuleAnalytics<D>;
}

/** Declares a module with its types inferred (the binding name stays a literal for the Worker's Env). */
export function defineCloudModule<D, const B extends string = string>(
  module: CloudModule<D, B>,
): CloudModule<D, B> {
  return module;
}

// biome-ignore lint/suspicious/noExplicitAny: a list holds modules of any dependency type
export type AnyCloudModule = CloudModule<any, string>;

/** The D1 binding names of a module list, as a union type. */
export type BindingsOf<L extends readonly AnyCloudModule[]> = NonNullable<L[number]["database"]>["binding"];
