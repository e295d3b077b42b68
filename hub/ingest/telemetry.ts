/**
 * Telemetry: handed to the module that claims the device's kind (monitoring: fridges and freezers);
 * a kind nobody claims is accepted and only moves the device's last-seen time.
 */
import { accepted, type Handler } from "./context.ts";

export const handleTelemetry: Handler = async (ctx, msg) => {
  const claim = ctx.hooks.telemetry(msg.device.kind);
  if (claim) return claim.handle(ctx, { device: msg.device, body: msg.body, receivedAt: msg.receivedAt });
  await ctx.writer.submit({ kind: "rows", deviceId: msg.deviceId, at: msg.receivedAt, statements: [] });
  return accepted;
};
