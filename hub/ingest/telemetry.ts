/** Telemetry: validated, then group-committed with its alarm evaluation; resolves once durable. */
import { telemetrySchema } from "../../shared/protocol/index.ts";
import { accepted, type IngestContext, type Outcome, rejected } from "./context.ts";

export async function handleTelemetry(
  ctx: IngestContext,
  deviceId: string,
  payload: unknown,
): Promise<Outcome> {
  const parsed = telemetrySchema.safeParse(payload);
  if (!parsed.success)
    return rejected("invalid_payload", parsed.error.issues[0]?.message ?? "invalid telemetry");
  if (!ctx.recorder.equipmentOf(deviceId)) return rejected("no_equipment", "device measures no equipment");
  await ctx.readings.submit({ deviceId, telemetry: parsed.data, receivedAt: ctx.clock.now() });
  return accepted;
}
