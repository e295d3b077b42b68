/** Stripe emulator: the in-memory objects, ids and Stripe-shaped errors. Development and tests only. */
import { randomBytes } from "node:crypto";

export type StripeObject = Record<string, unknown> & { id: string; object: string };

export class StripeError extends Error {
  readonly status: number;
  readonly type: string;
  readonly code: string | undefined;
  readonly param: string | undefined;

  constructor(status: number, type: string, message: string, code?: string, param?: string) {
    super(message);
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
  }

  body() {
    return {
      error: {
        type: this.type,
        message: this.message,
        ...(this.code ? { code: this.code } : {}),
        ...(this.param ? { param: this.param } : {}),
      },
    };
  }
}

export const invalid = (message: string, param?: string, code = "parameter_invalid") =>
  new StripeError(400, "invalid_request_error", message, code, param);

export function newId(prefix: string): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return `${prefix}_${[...randomBytes(24)].map((b) => alphabet[b % alphabet.length]).join("")}`;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** One Stripe "account" worth of objects, by kind. */
export class EmulatorState {
  readonly objects = new Map<string, StripeObject>();

  put<T extends StripeObject>(obj: T): T {
    this.objects.set(obj.id, obj);
    return obj;
  }

  get(kind: string, id: string): StripeObject {
    const obj = this.objects.get(id);
    if (!obj || obj.object !== kind) {
      throw new StripeError(
        404,
        "invalid_request_error",
        `No such ${kind}: '${id}'`,
        "resource_missing",
        "id",
      );
    }
    return obj;
  }

  list(kind: string): StripeObject[] {
    return [...this.objects.values()].filter((o) => o.object === kind);
  }
}

/** Reads a positive integer amount in minor units, as Stripe requires. */
export function amountParam(value: unknown, param: string): number {
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw invalid(`Invalid integer: ${String(value)}`, param);
  return n;
}

export function requiredString(value: unknown, param: string): string {
  if (typeof value !== "string" || value === "") {
    throw invalid(`Missing required param: ${param}.`, param, "parameter_missing");
  }
  return value;
}

export function metadataParam(value: unknown): Record<string, string> {
  if (value === undefined || value === "") return {};
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw invalid("Invalid metadata", "metadata");
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}
