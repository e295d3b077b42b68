/** Birth: the device's retained self-description (kind, model, firmware, capabilities). */
import { birthSchema } from "../../shared/protocol/index.ts";
import { birthStatement, logStatement } from "../devices/index.ts";
import { accepted, firstIssue, type Handler, rejected } from "./context.ts";

export const handleBirth: Handler = async (ctx, msg) => {
  const parsed = birthSchema.safeParse(msg.body);
  if (!parsed.success) return rejected("invalid_payload", firstIssue(parsed.error, "invalid birth"));
  const birth = parsed.data;
  if (birth.kind !== msg.device.kind) {
    return rejected(
      "invalid_payload",
      `birth says ${birth.kind} but the device was paired as ${msg.device.kind}`,
    );
  }
  // The birth's encoding is the device's: commands go back to it in the same one.
  await ctx.writer.submit({
    kind: "rows",
    deviceId: msg.deviceId,
    at: msg.receivedAt,
    statements: [
      birthStatement(ctx.db, msg.deviceId, birth, msg.encoding),
      logStatement(ctx.db, {
        deviceId: msg.deviceId,
        level: "info",
        type: "birth",
        message: `${birth.model} firmware ${birth.firmware}`,
        data: { capabilities: birth.capabilities, encoding: msg.encoding },
        at: msg.receivedAt,
      }),
    ],
  });
  return accepted;
};
