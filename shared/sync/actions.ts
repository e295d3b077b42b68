/** Remote actions (contract C4): what people do from the web app, queued in the cloud and applied once by the hub. */
import { z } from "zod";

export const ACTION_KINDS = ["alarm.acknowledge", "alarm.close"] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
export const ACTION_STATUSES = ["PENDING", "APPLIED", "FAILED"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export const acknowledgeInputSchema = z.object({ note: z.string().trim().max(500).optional() }).strict();
export const closeInputSchema = z.object({ correctiveAction: z.string().trim().min(1).max(2000) }).strict();

/** One action as the hub receives it (`GET /v1/hubs/:hubId/actions`). */
export const remoteActionSchema = z.discriminatedUnion("kind", [
  z.object({
    id: z.string().min(1).max(64),
    kind: z.literal("alarm.acknowledge"),
    target: z.string().min(1).max(64),
    input: acknowledgeInputSchema,
    by: z.object({ userId: z.string().min(1).max(64), name: z.string().min(1).max(254) }),
  }),
  z.object({
    id: z.string().min(1).max(64),
    kind: z.literal("alarm.close"),
    target: z.string().min(1).max(64),
    input: closeInputSchema,
    by: z.object({ userId: z.string().min(1).max(64), name: z.string().min(1).max(254) }),
  }),
]);
export type RemoteAction = z.infer<typeof remoteActionSchema>;

/** `POST /v1/hubs/:hubId/actions/:actionId/result`. */
export const actionResultSchema = z.object({
  status: z.enum(["APPLIED", "FAILED"]),
  result: z.object({ code: z.string().max(40).optional(), message: z.string().max(500) }).nullable(),
});
export type ActionResult = z.infer<typeof actionResultSchema>;
