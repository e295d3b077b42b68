/** The hub module contract: what a module brings, declared once in `hub/<module>/module.ts`. */
import type { BatchItem } from "drizzle-orm/batch";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { z } from "zod";
import type { Clock } from "../../shared/clock/index.ts";
import type { EventEnvelope } from "../../shared/events/index.ts";
import type { CommandAck, DeviceEvent, DeviceKind } from "../../shared/protocol/index.ts";
import type { ActionKind } from "../../shared/sync/index.ts";
import type { HubDb } from "../db/index.ts";
import type { HubSection } from "../desired-state/section.ts";
import type { DeviceIdentity } from "../devices/registry.ts";
import type { IngestContext, Outcome } from "../ingest/context.ts";
import type { IngestWriter } from "../ingest/writer.ts";
import type { Logger } from "../log.ts";
import type { ModuleRoutes } from "./routes.ts";

/** Settings a module may read (the hub's own configuration, validated at start). */
export interface ModuleSettings {
  /** How often time-based alarm rules are evaluated. */
  monitoringTickMs?: number;
  /** How often each room's thermostat decides (heating; a minute unless told). */
  heatingTickMs?: number;
  /** How long after a minute ends its rollup waits for late readings before it syncs (a minute unless told). */
  rollupGraceMs?: number;
  /** At most how often a unit's latest reading goes up the priority lane for the cloud's live tiles (10 s unless told). */
  latestEveryMs?: number;
  /** When aged readings are pruned. */
  retention?: { firstAfterMs?: number; everyMs?: number };
}

/** What a module's routes, timers and producers get: small on purpose (no per-module fields). */
export interface HubModuleContext {
  db: HubDb;
  clock: Clock;
  log: Logger;
  settings: Readonly<ModuleSettings>;
  /** The source this module's events carry (`module` is the manifest's name). */
  source(): EventEnvelope["source"];
  /** Writes serialised with device messages (one group commit). */
  writer: IngestWriter;
  /** Reloads what ingest knows about equipment and rules, and the device registry. */
  registryChanged(): Promise<void>;
  /** Applies a device registry change (pairing, revocation, rotation) now. */
  devicesChanged(): Promise<void>;
  /** Sends a new command at once when its device is listening. */
  commandCreated(deviceId: string): Promise<void>;
}

/** What a device hook gets: ingest's context, and the source its module's events carry. */
export interface DeviceHookContext extends IngestContext {
  source(): EventEnvelope["source"];
}

/** Device kinds a hook applies to: a list, or every kind. */
export type DeviceKinds = readonly DeviceKind[] | "any";

/**
 * A device event (`.../event`, by name): the statements it returns commit in the same write as the
 * event's device-log line, so the log and the module's effect never disagree.
 */
export interface DeviceEventHook {
  kinds: DeviceKinds;
  name: string;
  handle(
    ctx: DeviceHookContext,
    msg: { device: DeviceIdentity; event: DeviceEvent; receivedAt: number },
  ): BatchItem<"sqlite">[] | Promise<BatchItem<"sqlite">[]>;
}

/** A command acknowledgement: its statements commit with the acknowledgement itself. */
export interface CommandAckHook {
  kinds: DeviceKinds;
  handle(
    ctx: DeviceHookContext,
    msg: { device: DeviceIdentity; ack: CommandAck; receivedAt: number },
  ): BatchItem<"sqlite">[] | Promise<BatchItem<"sqlite">[]>;
}

/** A module's claim on the telemetry of some device kinds: it validates and stores it (one claim per kind). */
export interface TelemetryClaim {
  kinds: readonly DeviceKind[];
  handle(
    ctx: DeviceHookContext,
    msg: { device: DeviceIdentity; body: unknown; receivedAt: number },
  ): Promise<Outcome>;
}

/** Periodic work: runs `everyMs` after the end of the previous run (runs never overlap). */
export interface HubTimer {
  name: string;
  everyMs: number;
  /** Delay of the first run (default `everyMs`). */
  firstAfterMs?: number;
  /** `stopping()` turns true when the hub closes: a long run stops at its next chunk. */
  run(stopping: () => boolean): Promise<void>;
}

/** What a remote action's handler gets: everything it writes is in the action's own transaction. */
export interface RemoteActionContext {
  /** The transaction the action's record is written in; a write here commits with it or not at all. */
  db: HubDb;
  /** Hub time the action is applied at. */
  clock: Clock;
  source(): EventEnvelope["source"];
}

/**
 * A remote action kind (contract C4): `input` checks its input (the same schema as the wire's, in
 * shared/sync/actions.ts); `apply` makes the change as `by`, or throws an AppError to refuse it
 * (recorded FAILED and reported). Any other error leaves no trace and the action is tried next round.
 */
export interface RemoteActionHandler<S extends z.ZodType = z.ZodType> {
  kind: ActionKind;
  input: S;
  apply(
    ctx: RemoteActionContext,
    action: { id: string; target: string; input: z.infer<S>; by: { userId: string; name: string } },
  ): Promise<void>;
}

export interface HubModule {
  /** The module's name: its folder, and `source.module` on its events (one of shared/events' modules). */
  name: EventEnvelope["source"]["module"];
  /** Its tables (hub/db/schema/<entity>.ts; the hub's migrations stay one numbered sequence). */
  tables?: readonly SQLiteTable[];
  /** Its HTTP routes (`moduleRoutes()` chained, full paths); each starts with `allow(role)`. */
  routes?(ctx: HubModuleContext): ModuleRoutes;
  /** Its desired-state sections, applied after the hub's own (trusted keys, members), in module order. */
  sections?: readonly HubSection[];
  deviceEvents?: readonly DeviceEventHook[];
  commandAcks?: readonly CommandAckHook[];
  telemetry?: TelemetryClaim;
  timers?(ctx: HubModuleContext): readonly HubTimer[];
  remoteActions?: readonly RemoteActionHandler[];
  /** Run at the start of each claimed sync round to put events in the outbox. */
  outboxProducers?(ctx: HubModuleContext): readonly (() => Promise<unknown>)[];
}

/** Declares a module (the identity function, for inference and one place to look). */
export function defineHubModule(module: HubModule): HubModule {
  return module;
}

/** Declares a remote action kind with its input type inferred from its schema. */
export function defineRemoteAction<S extends z.ZodType>(
  handler: RemoteActionHandler<S>,
): RemoteActionHandler {
  return handler as unknown as RemoteActionHandler;
}
