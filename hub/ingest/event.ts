/** Events: a line in the device log, committed with whatever the modules' hooks for (kind, name) write. */
import type { BatchItem } from "drizzle-orm/batch";
import { deviceEventSchema, FAULT_CLEARED_EVENT, FAULT_EVENT } from "../../shared/protocol/index.ts";
import { logStatement } from "../devices/index.ts";
import { accepted, firstIssue, type Handler, rejected } from "./context.ts";
import { ingestProfile } from "./profile.ts";

export const handleEvent: Handler = async (ctx, msg) => {
  const parsed = deviceEventSchema.safeParse(msg.body);
  if (!parsed.success) return rejected("invalid_payload", firstIssue(parsed.error, "invalid event"));
  const e = parsed.data;
  const fault = e.name === FAULT_EVENT;
  const named = fault || e.name === FAULT_CLEARED_EVENT;
  const statements: BatchItem<"sqlite">[] = [
    logStatement(ctx.db, {
      deviceId: msg.deviceId,
      level: e.level ?? (fault ? "error" : "info"),
      type: named ? e.name : "event",
      message: e.message ?? e.name,
      data: e.data,
      at: msg.receivedAt,
      occurredAt: e.ts,
    }),
  ];
  const started = ingestProfile ? performance.now() : 0;
  for (const hook of ctx.hooks.events(msg.device.kind, e.name)) {
    for (const s of await hook.handle(ctx, { device: msg.device, event: e, receivedAt: msg.receivedAt }))
      statements.push(s);
  }
  if (ingestProfile && statements.length > 1) ingestProfile.add("eventHooks", performance.now() - started);
  await ctx.writer.submit({ kind: "rows", deviceId: msg.deviceId, at: msg.receivedAt, statements });
  return accepted;
};
