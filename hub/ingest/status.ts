/** Status: `online` on connect and the last-will `offline` published by the broker for the device. */
import { statusSchema } from "../../shared/protocol/index.ts";
import { setPresence } from "../devices/index.ts";
import { accepted, type IngestContext, type Outcome, rejected } from "./context.ts";

export async function handleStatus(ctx: IngestContext, deviceId: string, payload: unknown): Promise<Outcome> {
  const parsed = statusSchema.safeParse(payload);
  if (!parsed.success)
    return rejected("invalid_payload", parsed.error.issues[0]?.message ?? "invalid status");
  await setPresence(ctx.db, deviceId, parsed.data.status === "online", ctx.clock.now());
  return accepted;
}
