/** Status: `online` after connecting, `offline` as the last will. Logged; presence comes from the connection. */
import { statusSchema } from "../../shared/protocol/index.ts";
import { logStatement } from "../devices/index.ts";
import { accepted, firstIssue, type Handler, rejected } from "./context.ts";

// The broker sees connections open and close, including a takeover where the old connection's
// will arrives after the new one is up, so presence follows connections and not this message.
export const handleStatus: Handler = async (ctx, msg) => {
  const parsed = statusSchema.safeParse(msg.body);
  if (!parsed.success) return rejected("invalid_payload", firstIssue(parsed.error, "invalid status"));
  await ctx.writer.submit({
    kind: "rows",
    deviceId: msg.deviceId,
    at: msg.receivedAt,
    statements: [
      logStatement(ctx.db, {
        deviceId: msg.deviceId,
        level: "info",
        type: "status",
        message: `device says ${parsed.data.status}`,
        at: msg.receivedAt,
      }),
    ],
  });
  return accepted;
};
