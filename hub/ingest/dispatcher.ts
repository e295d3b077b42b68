/** One dispatcher: checks the topic and decodes the payload, then hands over to the channel's handler. */
import { AppError } from "../../shared/errors/index.ts";
import {
  type DeviceChannel,
  decodePayload,
  mayPublish,
  parseDeviceTopic,
  payloadEncoding,
} from "../../shared/protocol/index.ts";
import { type DeviceIdentity, logStatement, statusStatement } from "../devices/index.ts";
import { handleBirth } from "./birth.ts";
import { handleCommandAck } from "./command-ack.ts";
import { type Handler, type IngestContext, type Outcome, rejected } from "./context.ts";
import { handleEvent } from "./event.ts";
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
  const { outcome, channel } = await route(ctx, device, topic, payload, receivedAt);
  if (outcome.ok) {
    ctx.metrics.accept(channel!);
    return outcome;
  }
  ctx.metrics.reject(outcome.reason, device.id);
  ctx.log.warn("message rejected", {
    deviceId: device.id,
    topic,
    reason: outcome.reason,
    message: outcome.message,
  });
  if (DEVICE_FAULTS.has(outcome.reason) && ctx.health.rejected(device.id, receivedAt)) {
    await ctx.writer.submit({
      kind: "rows",
      deviceId: device.id,
      at: receivedAt,
      statements: [
        statusStatement(ctx.db, device.id, "ERROR", receivedAt),
        logStatement(ctx.db, {
          deviceId: device.id,
          level: "error",
          type: "error",
          message: `too many rejected messages; last: ${outcome.reason}: ${outcome.message}`,
          data: { reason: outcome.reason, topic },
          at: receivedAt,
        }),
      ],
    });
  }
  return outcome;
}

async function route(
  ctx: IngestContext,
  device: DeviceIdentity,
  topic: string,
  payload: Uint8Array,
  receivedAt: number,
): Promise<{ outcome: Outcome; channel?: DeviceChannel }> {
  if (!mayPublish(device.id, topic)) {
    return { outcome: rejected("foreign_topic", "topic outside the device's prefix") };
  }
  const channel = parseDeviceTopic(topic)!.channel as DeviceChannel;
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
