/** Commands hub → device on `cmd`, and their acknowledgements device → hub on `ack` (devices/PROTOCOL.md). */
import { z } from "zod";
import { REFUSAL_REASONS } from "../dispensing/token.ts";
import { AppError } from "../errors/index.ts";
import { DEVICE_KINDS, type DeviceKind } from "./payloads.ts";

/** A command's life on the hub. */
export const COMMAND_STATUSES = ["QUEUED", "SENT", "ACKNOWLEDGED", "FAILED", "EXPIRED"] as const;
export type CommandStatus = (typeof COMMAND_STATUSES)[number];

/** What a device may answer: done, tried and failed, refused (unknown name, bad arguments), too late. */
export const ACK_STATUSES = ["ok", "failed", "rejected", "expired"] as const;
export type AckStatus = (typeof ACK_STATUSES)[number];

const epochMs = z.number().int().nonnegative();
const noArgs = z.object({}).strict();

/** The commands a hub may send, the device kinds that take each, and their arguments. */
export const COMMAND_CATALOG = {
  ping: { kinds: DEVICE_KINDS, args: noArgs },
  identify: {
    kinds: DEVICE_KINDS,
    args: z.object({ seconds: z.number().int().min(1).max(300).default(10) }).strict(),
  },
  reboot: { kinds: DEVICE_KINDS, args: noArgs },
  "set-setpoint": {
    kinds: ["FRIDGE", "FREEZER", "HEATER", "CONTROLLER"],
    args: z.object({ celsius: z.number().min(-40).max(40) }).strict(),
  },
  switch: { kinds: ["HEATER", "CONTROLLER"], args: z.object({ on: z.boolean() }).strict() },
  "start-defrost": {
    kinds: ["FRIDGE", "FREEZER"],
    args: z.object({ minutes: z.number().int().min(1).max(120).default(20) }).strict(),
  },
  /** Dispensing: give out what a redeemed code bought, slot by slot; answered with `result.outcome`. */
  dispense: {
    kinds: ["DISPENSER"],
    args: z
      .object({
        scanId: z.string().min(1).max(64),
        orderId: z.string().min(1).max(64),
        items: z
          .array(
            z
              .object({ slot: z.number().int().min(0).max(255), quantity: z.number().int().min(1).max(99) })
              .strict(),
          )
          .min(1)
          .max(16),
      })
      .strict(),
  },
  /** Dispensing: a scanned code was refused; the dispenser shows the reason. */
  refuse: {
    kinds: ["DISPENSER"],
    args: z.object({ scanId: z.string().min(1).max(64), reason: z.enum(REFUSAL_REASONS) }).strict(),
  },
} as const satisfies Record<string, { kinds: readonly DeviceKind[]; args: z.ZodType }>;
export type CommandName = keyof typeof COMMAND_CATALOG;
export const COMMAND_NAMES = Object.keys(COMMAND_CATALOG) as CommandName[];

/** Checks a command name and its arguments for a device kind; returns the arguments with defaults. */
export function parseCommandArgs(kind: string, name: string, args: unknown): Record<string, unknown> {
  if (!Object.hasOwn(COMMAND_CATALOG, name)) {
    throw new AppError("VALIDATION_ERROR", `unknown command ${name}`, { known: COMMAND_NAMES });
  }
  const entry = COMMAND_CATALOG[name as CommandName];
  if (!(entry.kinds as readonly string[]).includes(kind)) {
    throw new AppError("VALIDATION_ERROR", `a ${kind} device does not take ${name}`);
  }
  const parsed = entry.args.safeParse(args ?? {});
  if (!parsed.success)
    throw new AppError("VALIDATION_ERROR", `invalid arguments for ${name}`, parsed.error.issues);
  return parsed.data as Record<string, unknown>;
}

/** Hub → device, QoS 1, not retained. The same `id` may arrive more than once: do it once. */
export const commandSchema = z
  .object({
    id: z.string().min(1).max(64),
    name: z.string().min(1).max(64),
    args: z.record(z.string(), z.unknown()),
    issuedAt: epochMs,
    expiresAt: epochMs,
  })
  .strict();
export type Command = z.infer<typeof commandSchema>;

/** Device → hub, QoS 1: the outcome of one command. */
export const commandAckSchema = z
  .object({
    id: z.string().min(1).max(64),
    status: z.enum(ACK_STATUSES),
    message: z.string().max(200).optional(),
    result: z.record(z.string(), z.unknown()).optional(),
    ts: epochMs.optional(),
  })
  .strict();
export type CommandAck = z.infer<typeof commandAckSchema>;
