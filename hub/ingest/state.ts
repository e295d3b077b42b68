/** State: the device's retained current state (a heater's relay, a set point); the latest one is kept. */
import { stateSchema } from "../../shared/protocol/index.ts";
import { stateStatement } from "../devices/index.ts";
import { accepted, firstIssue, type Handler, rejected } from "./context.ts";

export const handleState: Handler = async (ctx, msg) => {
  const parsed = stateSchema.safeParse(msg.body);
  if (!parsed.success) return rejected("invalid_payload", firstIssue(parsed.error, "invalid state"));
  await ctx.writer.submit({
    kind: "rows",
    deviceId: msg.deviceId,
    at: msg.receivedAt,
    statements: [stateStatement(ctx.db, msg.deviceId, parsed.data, parsed.data.ts ?? msg.receivedAt)],
  });
  return accepted;
};
