/** The one error model at the edge: every failure answers `{ error: { code, message, details?, requestId } }`. */
import type { ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../../../cloud/http/index.ts";
import { AppError, type ErrorCode, errorBody } from "../../../shared/errors/index.ts";

// Hono's own exceptions (e.g. from its middleware) carry only a status; give them our codes.
const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: "VALIDATION_ERROR",
  401: "UNAUTHORIZED",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  413: "PAYLOAD_TOO_LARGE",
  415: "UNSUPPORTED_MEDIA_TYPE",
  429: "RATE_LIMITED",
  503: "SERVICE_UNAVAILABLE",
};

/** Maps AppError codes to statuses; anything unknown is logged with the request id and answered as a 500. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  const requestId = c.get("requestId") ?? "unknown";
  let appError: AppError;
  if (err instanceof AppError) {
    appError = err;
  } else if (err instanceof HTTPException && CODE_BY_STATUS[err.status]) {
    appError = new AppError(CODE_BY_STATUS[err.status]!, err.message || "request refused");
  } else {
    console.error(
      JSON.stringify({
        level: "error",
        message: "unhandled error",
        requestId,
        correlationId: c.get("correlationId"),
        method: c.req.method,
        path: c.req.path,
        error:
          err instanceof Error ? { name: err.name, message: err.message, stack: err.stack } : String(err),
      }),
    );
    appError = new AppError("INTERNAL", "Internal error");
  }
  // A 401 says only that: which check failed (a jose reason, unknown email or wrong password) is not told.
  if (appError.code === "UNAUTHORIZED") appError = new AppError("UNAUTHORIZED", "authentication failed");
  const retryAfter = (appError.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (appError.code === "RATE_LIMITED" && typeof retryAfter === "number")
    c.header("retry-after", String(retryAfter));
  return c.json(errorBody(appError, requestId), appError.status as ContentfulStatusCode);
};

export const notFound: NotFoundHandler<AppEnv> = (c) =>
  c.json(
    errorBody(new AppError("NOT_FOUND", `no route for ${c.req.method} ${c.req.path}`), c.get("requestId")),
    404,
  );
