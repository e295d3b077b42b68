/** Events: written to the device log; a `fault` puts the device in ERROR and `fault-cleared` takes it out. */
import type { BatchItem } from "drizzle-orm/batch";
import { deviceEventSchema, FAULT_CLEARED_EVENT, FAULT_EVENT } from "../../shared/protocol/index.ts";
import { clearErrorStatement, logStatement, statusStatement } from "../devices/index.ts";
import { accepted, firstIssue, type Handler, rejected } from "./context.ts";

export const handleEvent: Handler = async (ctx, msg) => {
  const parsed = deviceEventSchema.safeParse(msg.body);
  if (!parsed.success) return rejected("invalid_payload", firstIssue(parsed.error, "invalid event"));
  const e = parsed.data;
  const fault = e.name === FAULT_EVENT;
  const cleared = e.name === FAULT_CLEARED_EVENT;
  const statements: BatchItem<"sqlite">[] = [
    logStatement(ctx.db, {
      deviceId: msg.deviceId,
      level: e.level ?? (fault ? "error" : "info"),
      type: fault || cleared ? e.name : "event",
      message: e.message ?? e.name,
      data: e.data,
      at: msg.receivedAt,
      occurredAt: e.ts,
    }),
  ];
  if (fault) statements.push(statusStatement(ctx.db, msg.deviceId, "ERROR", msg.receivedAt));
  if (cleared) statements.push(clearErrorStatement(ctx.db, msg.deviceId));
  await ctx.writer.submit({ kind: "rows", deviceId: msg.deviceId, at: msg.receivedAt, statements });
  return accepted;
};
