/** CONNECT checks: the client id rules of MQTT 3.1.1 and Outpost, then the device's credentials. */
import type { AuthenticateError, Client, ConnectPacket } from "aedes";
import type { AuthResult } from "../devices/index.ts";
import type { IngestMetrics, Logger } from "../ingest/index.ts";
import type { HoldOff } from "./hold-off.ts";
import type { Sessions } from "./sessions.ts";

export interface AuthDeps {
  authenticate(deviceId: string, secret: string): Promise<AuthResult>;
  sessions: Sessions;
  metrics: IngestMetrics;
  log: Logger;
  holdOff: HoldOff;
}

type Done = (err: AuthenticateError | null, success: boolean | null) => void;

function refuse(done: Done, returnCode: number, message: string): void {
  const err = new Error(message) as AuthenticateError;
  err.returnCode = returnCode;
  done(err, false);
}

/** preConnect and authenticate hooks for aedes. */
export function authHooks(deps: AuthDeps) {
  // aedes replaces an empty client id with its own before authenticate runs; keep what was sent.
  const sent = new WeakMap<Client, { clientId: string; clean: boolean }>();
  return {
    preConnect(
      client: Client,
      packet: ConnectPacket,
      callback: (error: Error | null, success: boolean) => void,
    ) {
      sent.set(client, { clientId: packet.clientId ?? "", clean: packet.clean !== false });
      // The contract is MQTT 3.1.1 (protocol level 4). aedes itself would accept 3.1 (level 3);
      // marked as unknown, it answers CONNACK 1 (unacceptable protocol version) as it does for 5.
      if (packet.protocolVersion !== 4) {
        deps.metrics.reject("unsupported_protocol", null);
        deps.log.warn("connection refused: protocol is not MQTT 3.1.1", {
          protocolVersion: packet.protocolVersion,
          clientId: packet.clientId,
        });
        (packet as { protocolVersion: number }).protocolVersion = 0;
      }
      callback(null, true);
    },

    authenticate(client: Client, username: string | undefined, password: Buffer | undefined, done: Done) {
      const { metrics, log } = deps;
      const connect = sent.get(client) ?? { clientId: client.id, clean: client.clean };
      const deviceId = username ?? "";
      // MQTT-3.1.3-8: an empty client id asks for a clean session; with clean = 0 it is refused.
      if (connect.clientId === "" && !connect.clean) {
        metrics.reject("client_id_rejected", null);
        return refuse(done, 2, "an empty client id needs a clean session");
      }
      // Outpost: the client id is the device id (or empty), so one device can never take over
      // another device's session through MQTT-3.1.4-2.
      if (connect.clientId !== "" && connect.clientId !== deviceId) {
        metrics.reject("client_id_rejected", null);
        log.warn("connection refused: client id is not the device id", {
          clientId: connect.clientId,
          deviceId,
        });
        return refuse(done, 2, "client id must be the device id");
      }
      // Disconnected for flooding a moment ago: not yet (MQTT-3.2.2: 0x03, retry with back-off).
      const heldMs = deps.holdOff.remaining(deviceId);
      if (heldMs > 0) {
        metrics.reject("held_off", deviceId);
        return refuse(done, 3, `held off for ${Math.ceil(heldMs / 1000)} s after flooding`);
      }
      deps.authenticate(deviceId, password?.toString("utf8") ?? "").then(
        (result) => {
          if (!result.ok) {
            metrics.reject(result.reason, null);
            log.warn(`connection refused: ${result.reason}`, { clientId: client.id, deviceId });
            // MQTT-3.2.2: 0x04 bad user name or password; 0x05 not authorized (revoked).
            return refuse(done, result.reason === "revoked" ? 5 : 4, result.reason);
          }
          const { device } = result;
          deps.sessions.authenticated(client, { id: device.id, kind: device.kind }, device.secretHash);
          done(null, true);
        },
        (err) => {
          log.error("authenticate failed", { error: String(err) });
          refuse(done, 3, "server unavailable");
        },
      );
    },
  };
}
