/** The device plane: broker, ingest, presence, command delivery and registry watching, wired together. */
import type { Clock } from "../shared/clock/index.ts";
import { measuresEquipment } from "../shared/protocol/index.ts";
import { type Broker, type BrokerLimits, startBroker } from "./broker/index.ts";
import { CommandDelivery } from "./commands/index.ts";
import type { HubDb, WriterConnection } from "./db/index.ts";
import {
  authenticateDevice,
  type DeviceIdentity,
  listDevices,
  presenceStatements,
  RegistryWatcher,
  resetPresence,
} from "./devices/index.ts";
import {
  DeviceHealth,
  dispatch,
  type HealthOptions,
  type IngestContext,
  type IngestMetrics,
  IngestWriter,
  LogLimiter,
  type WriterDeps,
} from "./ingest/index.ts";
import type { Logger } from "./log.ts";
import { type DeviceHooks, NO_HOOKS } from "./module/hooks.ts";
import type { ReadingRecorder } from "./monitoring/index.ts";

export interface DevicePlaneOptions {
  mqttPort: number;
  host?: string;
  limits?: Partial<BrokerLimits>;
  maxCommitBatch?: number;
  /** Redelivery of unacknowledged commands and the expiry sweep. */
  commands?: { redeliverMs?: number; sweepMs?: number };
  /** How often the registry is checked for changes made by another process. */
  registryPollMs?: number;
  health?: Partial<HealthOptions>;
  /** At most one rejection log line per device this often (the rest are counted). */
  rejectLogIntervalMs?: number;
  /** Test hook: runs after a batch's readings committed, before its rule-state step. */
  afterReadings?: WriterDeps["afterReadings"];
}

export interface DevicePlane {
  broker: Broker;
  writer: IngestWriter;
  delivery: CommandDelivery;
  /** Applies registry and equipment changes now (new equipment, rules, revocations, rotated secrets). */
  registryChanged(): Promise<void>;
  /**
   * Applies device registry changes now (a pairing, a revocation, a rotated secret): only the changed
   * devices' sessions and units are touched, whatever the number of devices.
   */
  devicesChanged(): Promise<void>;
  close(): Promise<void>;
}

export async function startDevicePlane(
  deps: {
    db: HubDb;
    /** The ingest writer's synchronous connection (null for an in-memory database). */
    connection: WriterConnection | null;
    clock: Clock;
    log: Logger;
    metrics: IngestMetrics;
    recorder: ReadingRecorder;
    /** The modules' device event, acknowledgement and telemetry hooks. */
    hooks?: DeviceHooks;
  },
  opts: DevicePlaneOptions,
): Promise<DevicePlane> {
  const { db, clock, log, metrics, recorder } = deps;
  const writer = new IngestWriter({
    db,
    connection: deps.connection,
    recorder,
    metrics,
    maxBatch: opts.maxCommitBatch ?? 1000,
    afterReadings: opts.afterReadings,
  });
  const health = new DeviceHealth({ threshold: 5, windowMs: 60_000, ...opts.health });
  const rejectLog = new LogLimiter(opts.rejectLogIntervalMs ?? 10_000);
  const hooks = deps.hooks ?? NO_HOOKS;
  const ctx: IngestContext = { db, clock, recorder, writer, metrics, health, log, rejectLog, hooks };
  await resetPresence(db);

  const presence = (device: DeviceIdentity, online: boolean) => {
    const at = clock.now();
    writer
      .submit({
        kind: "rows",
        deviceId: device.id,
        at,
        statements: presenceStatements(db, device.id, online, at),
      })
      .catch((err) => log.error("presence update failed", { deviceId: device.id, error: String(err) }));
  };
  // The broker, the watcher and delivery call each other; each reference is used only once all exist.
  let delivery: CommandDelivery | undefined;
  let broker: Broker | undefined;
  const watcher = new RegistryWatcher({
    db,
    log,
    pollMs: opts.registryPollMs ?? 1000,
    async onChange(changes) {
      // Only the changed devices' units: a pairing costs the same at 2,000 devices as at 20.
      await recorder.loadUnitsOf(changes.map((c) => c.id));
      for (const c of changes) {
        if (!broker) continue;
        // A device paired since start is known from now on, before its first CONNECT; a revoked one no longer.
        broker.setKnown(c.id, c.status !== "REVOKED");
        const ended = broker.endSessions(
          c.id,
          (s) => c.status === "REVOKED" || s.secretHash !== c.secretHash,
        );
        if (ended > 0)
          log.info("device sessions ended", { deviceId: c.id, status: c.status, connections: ended });
      }
    },
  });
  await watcher.start();
  let started: Broker;
  try {
    started = await startBroker({
      metrics,
      log,
      port: opts.mqttPort,
      host: opts.host,
      limits: opts.limits,
      async authenticate(id, secret) {
        const result = await authenticateDevice(db, id, secret);
        // Paired by another process (the CLI) since the last look: pick up its equipment before it publishes.
        if (result.ok && measuresEquipment(result.device.kind) && !recorder.equipmentOf(id))
          await watcher.check();
        return result;
      },
      ingest: (device, topic, payload) => dispatch(ctx, device, topic, payload),
      knownDevices: async () =>
        (await listDevices(db)).filter((d) => d.status !== "REVOKED").map((d) => d.id),
      onConnect: (device) => {
        health.reset(device.id);
        presence(device, true);
      },
      onDisconnect: (device) => presence(device, false),
      onCommandsReady: (deviceId) => void delivery?.deviceReady(deviceId),
    });
  } catch (err) {
    await watcher.stop();
    throw err;
  }
  broker = started;
  const commands = new CommandDelivery({
    db,
    clock,
    log,
    metrics,
    isReady: (id) => started.commandsReady(id),
    send: (id, payload) => started.sendCommand(id, payload),
    redeliverMs: opts.commands?.redeliverMs ?? 15_000,
    sweepMs: opts.commands?.sweepMs ?? 1000,
  });
  delivery = commands;
  commands.start();

  return {
    broker: started,
    writer,
    delivery: commands,
    // Callers change equipment and rules too, which no registry version records: reload always.
    registryChanged: async () => {
      await recorder.load();
      await watcher.check();
    },
    devicesChanged: () => watcher.check(),
    async close() {
      await watcher.stop();
      await commands.stop();
      await started.close();
      await writer.drain();
    },
  };
}
