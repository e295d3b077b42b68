/**
 * Monitoring's claim on the telemetry of measuring devices: validated, then group-committed with its alarm
 * evaluation. A measuring device with no equipment (the cloud paired it without one) is accepted: its
 * reading is not kept, but the device is seen.
 */
import { MEASURING_KINDS, telemetrySchema } from "../../shared/protocol/index.ts";
import { accepted, firstIssue, rejected } from "../ingest/context.ts";
import type { TelemetryClaim } from "../module/manifest.ts";

export const measuredTelemetry: TelemetryClaim = {
  kinds: MEASURING_KINDS,
  async handle(ctx, msg) {
    const parsed = telemetrySchema.safeParse(msg.body);
    if (!parsed.success) return rejected("invalid_payload", firstIssue(parsed.error, "invalid telemetry"));
    const deviceId = msg.device.id;
    if (!ctx.recorder.equipmentOf(deviceId)) {
      await ctx.writer.submit({ kind: "rows", deviceId, at: msg.receivedAt, statements: [] });
      return accepted;
    }
    await ctx.writer.submit({
      kind: "reading",
      reading: { deviceId, telemetry: parsed.data, receivedAt: msg.receivedAt },
    });
    return accepted;
  },
};
