/** Remote actions (contract C4): what people do from the web app, queued in the cloud and applied once by the hub. */
import { z } from "zod";
import { boostActionSchema, setpointActionSchema } from "../heating/section.ts";

export const acknowledgeInputSchema = z.object({ note: z.string().trim().max(500).optional() }).strict();
export const closeInputSchema = z.object({ correctiveAction: z.string().trim().min(1).max(2000) }).strict();

/**
 * Every action kind and the schema of its input: a module adds its kinds here, once; the cloud queues
 * them and the hub's module registers a handler for each (hub/<module>/module.ts, `remoteActions`).
 */
export const ACTION_INPUTS = {
  "alarm.acknowledge": acknowledgeInputSchema,
  "alarm.close": closeInputSchema,
  "heating.setpoint": setpointActionSchema,
  "heating.boost": boostActionSchema,
} as const satisfies Record<string, z.ZodType>;

export type ActionKind = keyof typeof ACTION_INPUTS;
export const ACTION_KINDS = Object.keys(ACTION_INPUTS) as [ActionKind, ...ActionKind[]];
export const ACTION_STATUSES = ["PENDING", "APPLIED", "FAILED"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

const actionFields = {
  id: z.string().min(1).max(64),
  target: z.string().min(1).max(64),
  by: z.object({ userId: z.string().min(1).max(64), name: z.string().min(1).max(254) }),
};

/** One action as the hub receives it, before its kind is looked up: the input is checked by the kind's schema. */
export const remoteActionEnvelopeSchema = z.object({
  ...actionFields,
  kind: z.string().min(1).max(64),
  input: z.unknown(),
});
export type RemoteActionEnvelope = z.infer<typeof remoteActionEnvelopeSchema>;

type ActionOf<K extends ActionKind> = {
  id: string;
  kind: K;
  target: string;
  input: z.infer<(typeof ACTION_INPUTS)[K]>;
  by: { userId: string; name: string };
};
/** One action as the hub receives it (`GET /v1/hubs/:hubId/actions`), of any known kind. */
export type RemoteAction = { [K in ActionKind]: ActionOf<K> }[ActionKind];

/** Checks a whole action, its input by its kind's schema (the union is built from ACTION_INPUTS). */
export const remoteActionSchema = remoteActionEnvelopeSchema.transform((a, ctx) => {
  const schema = (ACTION_INPUTS as Record<string, z.ZodType>)[a.kind];
  if (!schema) {
    ctx.addIssue({ code: "custom", path: ["kind"], message: `unknown action kind ${a.kind}` });
    return z.NEVER;
  }
  const input = schema.safeParse(a.input);
  if (!input.success) {
    for (const issue of input.error.issues)
      ctx.addIssue({ ...issue, path: ["input", ...issue.path] } as never);
    return z.NEVER;
  }
  return { ...a, input: input.data } as RemoteAction;
});

/** `POST /v1/hubs/:hubId/actions/:actionId/result`. */
export const actionResultSchema = z.object({
  status: z.enum(["APPLIED", "FAILED"]),
  result: z.object({ code: z.string().max(40).optional(), message: z.string().max(500) }).nullable(),
});
export type ActionResult = z.infer<typeof actionResultSchema>;
