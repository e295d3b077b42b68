/** Maps errors to the one error body and parses input with zod into VALIDATION_ERRORs. */
import type { Context } from "hono";
import type { z } from "zod";
import { AppError, errorBody, toAppError } from "../../shared/errors/index.ts";
import type { Logger } from "../ingest/index.ts";

export function onError(log: Logger) {
  return (err: Error, c: Context) => {
    const appErr = toAppError(err);
    const requestId = c.get("requestId") as string;
    const retryAfter = (appErr.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (appErr.code === "RATE_LIMITED" && retryAfter) c.header("retry-after", String(retryAfter));
    // The rest of an oversized body is never read: closing the connection stops the sender instead of draining it.
    if (appErr.code === "PAYLOAD_TOO_LARGE") c.header("connection", "close");
    if (appErr.code === "INTERNAL")
      log.error("unhandled error", { requestId, error: String(err), stack: err.stack });
    return c.json(errorBody(appErr, requestId), appErr.status as 400);
  };
}

export function notFound(c: Context) {
  return c.json(
    errorBody(new AppError("NOT_FOUND", `no route for ${c.req.method} ${c.req.path}`), c.get("requestId")),
    404,
  );
}

export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new AppError("VALIDATION_ERROR", "invalid input", result.error.issues);
  return result.data;
}

// Modules read their bodies through this one reader (size and depth limits live beside the limit middleware).
export { jsonBody } from "./body.ts";
