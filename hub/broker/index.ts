/** The embedded MQTT broker: aedes on a TCP port, device credentials, per-device topic ACLs and limits. */
import { createServer, type Server } from "node:net";
import { Aedes, type Client } from "aedes";
import { writeToStream } from "mqtt-packet";
import { deviceTopic, maySubscribe } from "../../shared/protocol/index.ts";
import type { AuthResult, DeviceIdentity } from "../devices/index.ts";
import type { IngestMetrics, Logger, Outcome } from "../ingest/index.ts";
import { authHooks } from "./auth.ts";
import { ConnectionGate, type Ticket } from "./connection-gate.ts";
import { limitFrames } from "./frame-limit.ts";
import { HoldOff } from "./hold-off.ts";
import { type BrokerLimits, DEFAULT_LIMITS } from "./limits.ts";
import { DeviceRateLimiter } from "./rate-limit.ts";
import { type Session, type SessionEvents, Sessions } from "./sessions.ts";

export { type BrokerLimits, DEFAULT_LIMITS } from "./limits.ts";
export type { Session } from "./sessions.ts";

export interface BrokerDeps extends SessionEvents {
  metrics: IngestMetrics;
  log: Logger;
  authenticate(deviceId: string, secret: string): Promise<AuthResult>;
  /** Handles one device message; resolves once it is durable, rejects if it could not be stored. */
  ingest(device: DeviceIdentity, topic: string, payload: Uint8Array): Promise<Outcome>;
  /** Device ids whose CONNECT is never shed under a flood (paired, not revoked), read once at start. */
  knownDevices?(): Promise<Iterable<string>>;
  port: number;
  host?: string;
  limits?: Partial<BrokerLimits>;
}

export interface Broker {
  aedes: Aedes;
  port: number;
  /** Devices with at least one live connection. */
  connectedDevices(): number;
  openConnections(): number;
  /** True when a connection of the device listens on its command topic. */
  commandsReady(deviceId: string): boolean;
  /** Publishes to the device's command topic at QoS 1; resolves once written to its connections. */
  sendCommand(deviceId: string, payload: Uint8Array): Promise<void>;
  /**
   * Tells the broker a device was paired (true) or revoked (false) since its start: a known device's
   * CONNECT is never shed under a flood, so one paired a moment ago gets in on its first try.
   */
  setKnown(deviceId: string, known: boolean): void;
  /** True when the device's CONNECT is never shed (paired and not revoked, as far as the broker heard). */
  isKnown(deviceId: string): boolean;
  /** Closes the device's connections for which `stale` is true; returns how many. */
  endSessions(deviceId: string, stale: (s: Session) => boolean): number;
  close(): Promise<void>;
}

// mqtt-packet caches a Buffer for each of the 65,536 packet ids on first use (about 7 MB held for
// good); a hub on a Raspberry Pi is better off making the two bytes when it writes them.
writeToStream.cacheNumbers = false;

export async function startBroker(deps: BrokerDeps): Promise<Broker> {
  const { metrics, log } = deps;
  const limits = { ...DEFAULT_LIMITS, ...deps.limits };
  const limiter = new DeviceRateLimiter({
    ratePerSecond: limits.deviceRatePerSecond,
    burst: limits.deviceBurst,
    maxDelayMs: limits.maxThrottleMs,
  });
  const sessions = new Sessions({
    onConnect: deps.onConnect,
    onDisconnect: (device) => {
      limiter.forget(device.id);
      deps.onDisconnect(device);
    },
    onCommandsReady: deps.onCommandsReady,
  });
  const gate = new ConnectionGate({
    maxConnections: limits.maxConnections,
    maxPending: limits.maxPendingConnections,
    maxPendingPerAddress: limits.maxPendingPerAddress,
    pressureConnectTimeoutMs: limits.pressureConnectTimeoutMs,
  });
  const tickets = new WeakMap<Client, Ticket>();
  // Devices paired at start, paired since (setKnown) or authenticated since: their CONNECT is never shed
  // under a flood, so a device back from a Wi-Fi blip gets in. Bounded by the paired devices.
  const knownDevices = new Set<string>((await deps.knownDevices?.()) ?? []);
  const holdOff = new HoldOff({
    firstMs: limits.floodHoldOffMs,
    maxMs: limits.floodHoldOffMaxMs,
    forgetAfterMs: 10 * limits.floodHoldOffMaxMs,
  });

  const ingest = (session: Session, topic: string, payload: Buffer, done: (e?: Error) => void) =>
    deps.ingest(session.device, topic, payload).then(
      (outcome) => {
        // A foreign topic breaks the contract: close the connection (MQTT-3.3.5-2).
        // A bad payload is acknowledged and dropped, so the device does not resend a poison message.
        if (!outcome.ok && outcome.reason === "foreign_topic") return done(new Error(outcome.message));
        done();
      },
      (err) => {
        // Not stored, so no PUBACK: the device keeps the message and resends it.
        log.error("ingest failed; PUBACK withheld", { deviceId: session.device.id, error: String(err) });
        done(err as Error);
      },
    );

  const hooks = authHooks({ authenticate: deps.authenticate, sessions, metrics, log, holdOff });
  const aedes = await Aedes.createBroker({
    heartbeatInterval: 60_000,
    connectTimeout: limits.connectTimeoutMs,
    authenticate: hooks.authenticate,
    preConnect(client, packet, callback) {
      const ticket = tickets.get(client);
      if (ticket) gate.connecting(ticket, knownDevices.has(packet.username ?? ""));
      hooks.preConnect(client, packet, callback);
    },
    authorizePublish(client, packet, done) {
      const session = sessions.of(client);
      if (!client || !session || session.ended) return done(new Error("not a device session"));
      // The last will is the broker speaking for a device that is already gone: never throttled.
      if (packet === (client as Client & { will?: unknown }).will)
        return void ingest(session, packet.topic, packet.payload as Buffer, done);
      const delay = limiter.reserve(session.device.id);
      if (delay === null) {
        metrics.reject("rate_limited", session.device.id);
        const heldMs = holdOff.offended(session.device.id);
        log.warn("connection closed: message rate far over the limit", {
          deviceId: session.device.id,
          heldMs,
        });
        return done(new Error("rate limit exceeded"));
      }
      if (delay === 0) return void ingest(session, packet.topic, packet.payload as Buffer, done);
      // Holding the message back holds back the socket too: aedes reads on only after `done`.
      metrics.throttled++;
      setTimeout(() => void ingest(session, packet.topic, packet.payload as Buffer, done), delay);
    },
    authorizeSubscribe(client, sub, done) {
      const deviceId = sessions.of(client)?.device.id;
      if (!deviceId || !maySubscribe(deviceId, sub.topic)) {
        metrics.reject("forbidden_subscription", deviceId ?? null);
        log.warn("subscription refused", { deviceId, topic: sub.topic });
        return done(new Error("subscription outside the device's prefix"));
      }
      done(null, sub);
    },
  });

  aedes.on("client", (client) => {
    const ticket = tickets.get(client);
    if (ticket) gate.authenticated(ticket);
    const deviceId = sessions.of(client)?.device.id;
    if (deviceId) knownDevices.add(deviceId);
    sessions.registered(client);
  });
  aedes.on("clientDisconnect", (client) => sessions.unregistered(client));
  // Every granted filter covers the command topic (maySubscribe allows only cmd, + and #).
  aedes.on("subscribe", (_subs, client) => sessions.subscribed(client));
  // A persistent session (clean_session = 0) gets its subscriptions back from the broker and sends
  // no SUBSCRIBE: once it is connected, a restored subscription makes it ready for commands too.
  aedes.on("clientReady", (client) => {
    const subs = (client as Client & { subscriptions?: Record<string, unknown> }).subscriptions;
    if (subs && Object.keys(subs).length > 0) sessions.subscribed(client);
  });
  aedes.on("clientError", (client, err) =>
    log.warn("client error", { deviceId: sessions.of(client)?.device.id, error: err.message }),
  );

  const server: Server = createServer((socket) => {
    const ticket = gate.admit(socket.remoteAddress ?? "?", () => {
      // Shed to make room for a newer socket (or silent too long under pressure).
      metrics.reject("too_many_pending", null);
      socket.destroy();
    });
    if (typeof ticket === "string") {
      metrics.reject(ticket, null);
      socket.destroy();
      return;
    }
    socket.once("close", () => gate.closed(ticket));
    let client: Client | undefined;
    const conn = limitFrames(socket, limits.maxFrameBytes, () => {
      const deviceId = sessions.of(client)?.device.id ?? null;
      metrics.reject("oversized", deviceId);
      log.warn("connection closed: frame over limit", { deviceId, remote: socket.remoteAddress });
    });
    client = aedes.handle(conn);
    tickets.set(client, ticket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(deps.port, deps.host ?? "0.0.0.0", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : deps.port;

  return {
    aedes,
    port,
    connectedDevices: () => sessions.deviceCount,
    setKnown: (deviceId, known) => void (known ? knownDevices.add(deviceId) : knownDevices.delete(deviceId)),
    isKnown: (deviceId) => knownDevices.has(deviceId),
    openConnections: () => gate.openConnections,
    commandsReady: (deviceId) => sessions.isReady(deviceId),
    sendCommand: (deviceId, payload) =>
      new Promise((resolve, reject) =>
        aedes.publish(
          {
            cmd: "publish",
            topic: deviceTopic(deviceId, "cmd"),
            payload: Buffer.from(payload),
            qos: 1,
            retain: false,
            dup: false,
          },
          (err) => (err ? reject(err) : resolve()),
        ),
      ),
    endSessions: (deviceId, stale) => sessions.end(deviceId, stale),
    async close() {
      await new Promise<void>((r) => aedes.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
