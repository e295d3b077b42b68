/** One dispatcher: checks the topic and decodes the payload, then hands over to the channel's handler. */
import { AppError } from "../../shared/errors/index.ts";
import {
  type DeviceChannel,
  decodePayload,
  payloadEncoding,
  publishChannel,
} from "../../shared/protocol/index.ts";
import { isEnvironmental } from "../db/index.ts";
import { type DeviceIdentity, logStatement, statusStatement } from "../devices/index.ts";
import { handleBirth } from "./birth.ts";
import { handleCommandAck } from "./command-ack.ts";
import { type Handler, type IngestContext, type Outcome, rejected } from "./context.ts";
import { handleEvent } from "./event.ts";
import { isCommitted } from "./group-commit.ts";
import type { RejectReason } from "./metrics.ts";
import { handleState } from "./state.ts";
import { handleStatus } from "./status.ts";
import { handleTelemetry } from "./telemetry.ts";

const HANDLERS: Record<DeviceChannel, Handler> = {
  telemetry: handleTelemetry,
  birth: handleBirth,
  status: handleStatus,
  state: handleState,
  event: handleEvent,
  ack: handleCommandAck,
};

/** Rejections that say the device is misbehaving (not, say, that nobody set up its equipment yet). */
const DEVICE_FAULTS: ReadonlySet<RejectReason> = new Set([
  "foreign_topic",
  "malformed_payload",
  "invalid_payload",
  "unknown_command",
  "unsupported_channel",
]);

/**
 * Ingests one message from `device`. Resolves with the outcome once any accepted data is
 * committed; rejects only when storage failed, so the broker withholds the PUBACK.
 */
export async function dispatch(
  ctx: IngestContext,
  device: DeviceIdentity,
  topic: string,
  payload: Uint8Array,
): Promise<Outcome> {
  const receivedAt = ctx.clock.now();
  let routed: { outcome: Outcome; channel?: DeviceChannel };
  try {
    routed = await route(ctx, device, topic, payload, receivedAt);
  } catch (err) {
    ctx.metrics.reject("storage_failed", device.id);
    logRejection(ctx, device.id, topic, "storage_failed", String(err), receivedAt, "error");
    // The disk or the database failed, or a later step of a batch that committed: the PUBACK is
    // withheld and the device keeps the message to send again (a resent reading is stored once).
    if (isEnvironmental(err) || isCommitted(err)) throw err;
    // Its batch was tried again write by write, so this message failed on its own and would fail
    // again: acknowledged and dropped like any bad payload, and the device is put in ERROR.
    const message = err instanceof Error ? err.message : String(err);
    await markError(ctx, device.id, topic, "storage_failed", message, receivedAt).catch((e) =>
      ctx.log.error("could not mark the device ERROR", { deviceId: device.id, error: String(e) }),
    );
    return rejected("storage_failed", message);
  }
  const { outcome, channel } = routed;
  if (outcome.ok) {
    ctx.metrics.accept(channel!);
    return outcome;
  }
  ctx.metrics.reject(outcome.reason, device.id);
  logRejection(ctx, device.id, topic, outcome.reason, outcome.message, receivedAt, "warn");
  if (DEVICE_FAULTS.has(outcome.reason) && ctx.health.rejected(device.id, receivedAt)) {
    await markError(ctx, device.id, topic, outcome.reason, outcome.message, receivedAt);
  }
  return outcome;
}

function logRejection(
  ctx: IngestContext,
  deviceId: string,
  topic: string,
  reason: RejectReason,
  message: string,
  at: number,
  level: "warn" | "error",
): void {
  const suppressed = ctx.rejectLog.allow(deviceId, at);
  if (suppressed === null) return;
  ctx.log[level]("message rejected", { deviceId, topic, reason, message, suppressed });
}

/** Puts the device in ERROR with a line in its log saying why. */
function markError(
  ctx: IngestContext,
  deviceId: string,
  topic: string,
  reason: RejectReason,
  message: string,
  at: number,
): Promise<void> {
  return ctx.writer.submit({
    kind: "rows",
    deviceId,
    at,
    statements: [
      statusStatement(ctx.db, deviceId, "ERROR", at),
      logStatement(ctx.db, {
        deviceId,
        level: "error",
        type: "error",
        message:
          reason === "storage_failed"
            ? `a message could not be stored: ${message}`
            : `too many rejected messages; last: ${reason}: ${message}`,
        data: { reason, topic },
        at,
      }),
    ],
  });
}

async function route(
  ctx: IngestContext,
  device: DeviceIdentity,
  topic: string,
  payload: Uint8Array,
  receivedAt: number,
): Promise<{ outcome: Outcome; channel?: DeviceChannel }> {
  const channel = publishChannel(device.id, topic);
  if (!channel) return { outcome: rejected("foreign_topic", "topic outside the device's prefix") };
  const handler = HANDLERS[channel];
  if (!handler) return { outcome: rejected("unsupported_channel", `channel ${channel} is not handled`) };
  let body: unknown;
  try {
    body = decodePayload(payload);
  } catch (err) {
    const message = err instanceof AppError ? err.message : "undecodable payload";
    return { outcome: rejected("malformed_payload", message), channel };
  }
  const encoding = payloadEncoding(payload);
  const outcome = await handler(ctx, { device, deviceId: device.id, body, encoding, receivedAt });
  return { outcome, channel };
}
