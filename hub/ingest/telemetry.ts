/** Telemetry: validated, then group-committed with its alarm evaluation; resolves once durable. */
import { telemetrySchema } from "../../shared/protocol/index.ts";
import { accepted, firstIssue, type Handler, rejected } from "./context.ts";

export const handleTelemetry: Handler = async (ctx, msg) => {
  const parsed = telemetrySchema.safeParse(msg.body);
  if (!parsed.success) return rejected("invalid_payload", firstIssue(parsed.error, "invalid telemetry"));
  if (!ctx.recorder.equipmentOf(msg.deviceId))
    return rejected("no_equipment", "device measures no equipment");
  await ctx.writer.submit({
    kind: "reading",
    reading: { deviceId: msg.deviceId, telemetry: parsed.data, receivedAt: msg.receivedAt },
  });
  return accepted;
};
