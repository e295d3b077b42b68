/** The embedded MQTT broker: aedes on a TCP port, device credentials and per-device topic ACLs. */
import { createServer, type Server } from "node:net";
import { Aedes, type AuthenticateError, type Client } from "aedes";
import type { Clock } from "../../shared/clock/index.ts";
import { MAX_FRAME_BYTES, maySubscribe } from "../../shared/protocol/index.ts";
import type { HubDb } from "../db/index.ts";
import { authenticateDevice, setPresence } from "../devices/index.ts";
import type { IngestMetrics, Logger, Outcome } from "../ingest/index.ts";
import { limitFrames } from "./frame-limit.ts";

export interface BrokerDeps {
  db: HubDb;
  clock: Clock;
  metrics: IngestMetrics;
  log: Logger;
  /** Handles one device message; resolves once it is durable, rejects if it could not be stored. */
  ingest: (deviceId: string, topic: string, payload: Uint8Array) => Promise<Outcome>;
  port: number;
  host?: string;
  maxFrameBytes?: number;
}

export interface Broker {
  aedes: Aedes;
  port: number;
  connectedDevices(): number;
  close(): Promise<void>;
}

export async function startBroker(deps: BrokerDeps): Promise<Broker> {
  const { db, clock, metrics, log } = deps;
  const deviceOf = new WeakMap<Client, string>();

  const aedes = await Aedes.createBroker({
    heartbeatInterval: 60_000,
    authenticate(client, username, password, done) {
      const secret = password?.toString("utf8") ?? "";
      authenticateDevice(db, username ?? "", secret).then(
        (device) => {
          if (!device) {
            metrics.reject("bad_credentials", null);
            log.warn("connection refused: bad credentials", { clientId: client.id, username });
            const err = new Error("bad credentials") as AuthenticateError;
            err.returnCode = 4; // MQTT-3.2.2: 0x04 bad user name or password
            return done(err, false);
          }
          deviceOf.set(client, device.id);
          done(null, true);
        },
        (err) => {
          log.error("authenticate failed", { error: String(err) });
          const e = new Error("server unavailable") as AuthenticateError;
          e.returnCode = 3;
          done(e, false);
        },
      );
    },
    authorizePublish(client, packet, done) {
      const deviceId = client ? deviceOf.get(client) : undefined;
      if (!deviceId) return done(new Error("not a device"));
      deps.ingest(deviceId, packet.topic, packet.payload as Buffer).then(
        (outcome) => {
          // A foreign topic breaks the contract: close the connection (MQTT-3.3.5-2).
          // A bad payload is acknowledged and dropped, so the device does not resend a poison message.
          if (!outcome.ok && outcome.reason === "foreign_topic") return done(new Error(outcome.message));
          done(null);
        },
        (err) => {
          // Not stored, so no PUBACK: the device keeps the message and resends it.
          log.error("ingest failed; PUBACK withheld", { deviceId, error: String(err) });
          done(err as Error);
        },
      );
    },
    authorizeSubscribe(client, sub, done) {
      const deviceId = deviceOf.get(client);
      if (!deviceId || !maySubscribe(deviceId, sub.topic)) {
        metrics.reject("forbidden_subscription", deviceId ?? null);
        log.warn("subscription refused", { deviceId, topic: sub.topic });
        return done(new Error("subscription outside the device's prefix"));
      }
      done(null, sub);
    },
  });

  const presence = (client: Client, online: boolean) => {
    const deviceId = deviceOf.get(client);
    if (!deviceId) return;
    setPresence(db, deviceId, online, clock.now()).catch((err) =>
      log.error("presence update failed", { deviceId, error: String(err) }),
    );
  };
  aedes.on("client", (client) => presence(client, true));
  aedes.on("clientDisconnect", (client) => presence(client, false));
  aedes.on("clientError", (client, err) =>
    log.warn("client error", { deviceId: deviceOf.get(client), error: err.message }),
  );

  const maxFrame = deps.maxFrameBytes ?? MAX_FRAME_BYTES;
  const server: Server = createServer((socket) => {
    let client: Client | undefined;
    const conn = limitFrames(socket, maxFrame, () => {
      const deviceId = client ? (deviceOf.get(client) ?? null) : null;
      metrics.reject("oversized", deviceId);
      log.warn("connection closed: frame over limit", { deviceId, remote: socket.remoteAddress, maxFrame });
    });
    client = aedes.handle(conn);
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
    connectedDevices: () => aedes.connectedClients,
    async close() {
      await new Promise<void>((r) => aedes.close(() => r()));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
