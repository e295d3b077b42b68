/** One dispatcher: checks the topic and decodes the payload, then hands over to the channel's handler. */
import { AppError } from "../../shared/errors/index.ts";
import {
  type DeviceChannel,
  decodePayload,
  mayPublish,
  parseDeviceTopic,
} from "../../shared/protocol/index.ts";
import { handleBirth } from "./birth.ts";
import type { IngestContext, Outcome } from "./context.ts";
import { rejected } from "./context.ts";
import { handleStatus } from "./status.ts";
import { handleTelemetry } from "./telemetry.ts";

type Handler = (ctx: IngestContext, deviceId: string, payload: unknown) => Promise<Outcome>;

const HANDLERS: Partial<Record<DeviceChannel, Handler>> = {
  telemetry: handleTelemetry,
  birth: handleBirth,
  status: handleStatus,
};

/**
 * Ingests one message from `deviceId`. Resolves with the outcome once any accepted data is
 * committed; rejects only when storage failed, so the broker withholds the PUBACK.
 */
export async function dispatch(
  ctx: IngestContext,
  deviceId: string,
  topic: string,
  payload: Uint8Array,
): Promise<Outcome> {
  const outcome = await route(ctx, deviceId, topic, payload);
  if (outcome.ok) ctx.metrics.accepted++;
  else {
    ctx.metrics.reject(outcome.reason, deviceId);
    ctx.log.warn("message rejected", { deviceId, topic, reason: outcome.reason, message: outcome.message });
  }
  return outcome;
}

async function route(
  ctx: IngestContext,
  deviceId: string,
  topic: string,
  payload: Uint8Array,
): Promise<Outcome> {
  if (!mayPublish(deviceId, topic)) return rejected("foreign_topic", "topic outside the device's prefix");
  const channel = parseDeviceTopic(topic)!.channel as DeviceChannel;
  const handler = HANDLERS[channel];
  if (!handler) return rejected("unsupported_channel", `channel ${channel} is not handled yet`);
  let body: unknown;
  try {
    body = decodePayload(payload);
  } catch (err) {
    return rejected("malformed_payload", err instanceof AppError ? err.message : "undecodable payload");
  }
  return handler(ctx, deviceId, body);
}
