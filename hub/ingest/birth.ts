/** Birth: the device's retained self-description (kind, model, firmware, capabilities). */
import { birthSchema } from "../../shared/protocol/index.ts";
import { applyBirth } from "../devices/index.ts";
import { accepted, type IngestContext, type Outcome, rejected } from "./context.ts";

export async function handleBirth(ctx: IngestContext, deviceId: string, payload: unknown): Promise<Outcome> {
  const parsed = birthSchema.safeParse(payload);
  if (!parsed.success) return rejected("invalid_payload", parsed.error.issues[0]?.message ?? "invalid birth");
  await applyBirth(ctx.db, deviceId, parsed.data, ctx.clock.now());
  return accepted;
}
