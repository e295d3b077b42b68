/** Command acknowledgements: the device's answer to a command, recorded once with the modules' hooks for its kind. */
import type { BatchItem } from "drizzle-orm/batch";
import { commandAckSchema } from "../../shared/protocol/index.ts";
import { ackStatement, isCommandOf } from "../commands/index.ts";
import { accepted, firstIssue, type Handler, rejected } from "./context.ts";

export const handleCommandAck: Handler = async (ctx, msg) => {
  const parsed = commandAckSchema.safeParse(msg.body);
  if (!parsed.success)
    return rejected("invalid_payload", firstIssue(parsed.error, "invalid acknowledgement"));
  const ack = parsed.data;
  if (!(await isCommandOf(ctx.db, msg.deviceId, ack.id))) {
    return rejected("unknown_command", `no command ${ack.id} was sent to this device`);
  }
  const statements: BatchItem<"sqlite">[] = [ackStatement(ctx.db, msg.deviceId, ack, msg.receivedAt)];
  for (const hook of ctx.hooks.acks(msg.device.kind)) {
    for (const s of await hook.handle(ctx, { device: msg.device, ack, receivedAt: msg.receivedAt }))
      statements.push(s);
  }
  await ctx.writer.submit({ kind: "rows", deviceId: msg.deviceId, at: msg.receivedAt, statements });
  return accepted;
};
